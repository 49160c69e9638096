#include "export_job.hpp"

#include "exporter.hpp"
#include "job_pool.hpp"

#include <QCoreApplication>
#include <QFile>
#include <QtConcurrent>

namespace tessera::ui {
namespace {

// The translation context of its message (lupdate reads the macro).
class ExportJob {
    Q_DECLARE_TR_FUNCTIONS(tessera::ui::ExportJob)
};

} // namespace

QFuture<QString> exportOutcome(std::shared_ptr<const JobOutcome> out, const QString& path) {
    // A bundle of a large image takes seconds (hashes, pictures, text, zip): never on the GUI
    // thread.
    return runInBackground([out, path]() -> QString {
        try {
            std::string weightsSha;
            if (!out->spec.weightsPath.empty())
                weightsSha = io::sha256OfFile(out->spec.weightsPath);
            io::exportResult(QFile::encodeName(path).toStdString(),
                             io::imageRunExport(out->spec, out->result, *out->weights,
                                                out->resized.get(), out->plan, out->imageName,
                                                out->imageSha256, weightsSha,
                                                out->loaded ? out->loaded->layout : std::string()));
            return {};
        } catch (const std::bad_alloc&) {
            return ExportJob::tr("not enough memory to export to %1").arg(path);
        } catch (const std::exception& e) {
            return QString::fromStdString(e.what());
        }
    });
}

} // namespace tessera::ui
