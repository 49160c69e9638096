#include "weights_file.hpp"

#include "error.hpp"
#include "job_pool.hpp"
#include "weights_loader.hpp"

#include <QFile>
#include <QtConcurrent>

namespace tessera::ui {

WeightsFile::WeightsFile(QObject* parent) : QObject(parent) {
    connect(&m_watcher, &QFutureWatcher<Loaded>::finished, this, &WeightsFile::finished);
}

WeightsFile::~WeightsFile() {
    m_watcher.waitForFinished();
}

void WeightsFile::load(const QString& path, const QString& prefix) {
    ++m_requests;
    m_pendingPath = path;
    // One read at a time: a running one is waited for (it is dropped, being stale).
    m_watcher.waitForFinished();
    const std::string file = QFile::encodeName(path).toStdString(); // the name's bytes
    const std::string key = prefix.toStdString();
    const int request = m_requests;
    m_watcher.setFuture(runInBackground([file, key, request]() -> Loaded {
        try {
            return {request,
                    std::make_shared<const FoundWeights>(
                        io::loadWeights(file, key, SeveralEmbeddings::TakeFirst)),
                    {}};
        } catch (const std::bad_alloc&) {
            return {
                request, nullptr,
                WeightsFile::tr("not enough memory to read %1").arg(QString::fromStdString(file))};
        } catch (const std::exception& e) {
            return {request, nullptr, QString::fromStdString(e.what())};
        }
    }));
}

void WeightsFile::clear() {
    ++m_requests;
    m_current.reset();
    m_path.clear();
    m_error.clear();
}

void WeightsFile::finished() {
    const Loaded result = m_watcher.result();
    if (result.request != m_requests)
        return; // a newer load (or a clear) came since
    if (!result.weights) {
        m_error = result.error;
        emit failed(m_error);
        return;
    }
    m_error.clear();
    m_current = result.weights;
    m_path = m_pendingPath;
    emit loaded();
}

} // namespace tessera::ui
