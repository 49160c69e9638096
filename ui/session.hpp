// Session: the app's state — the image, the Spec, the last result, the selected patch — and the
// background computation that keeps the result in step with the other two.
//
// Every change of image or Spec starts a single-shot timer that coalesces bursts of changes;
// when it fires, one job runs on a worker (QtConcurrent + QFutureWatcher). Each request carries
// a generation number; a job whose generation is no longer the newest is dropped when it ends,
// and a job still running when a newer request comes is told to stop (a std::atomic<bool> it
// checks between blocks of patches). Only one job runs at a time: they would share the same cores.
//
// The shown result may trail the controls (a run in progress, a failure, a cancel): isStale()
// says so, and the result itself names the Spec and image it was computed from. Images are
// decoded and hashed off the GUI thread too.
#pragma once

#include "compute_job.hpp"

#include <QFutureWatcher>
#include <QImage>
#include <QObject>
#include <QTimer>

#include <atomic>
#include <filesystem>
#include <memory>
#include <optional>

namespace tessera::ui {

class Session : public QObject {
    Q_OBJECT

  public:
    explicit Session(QObject* parent = nullptr);
    ~Session() override;

    // Opens an image file in the background: imageChanged() when it is in, openFailed() with
    // the reason otherwise (the previous image stays). The path is taken as the file's bytes.
    void openImage(const std::filesystem::path& file);
    // True from openImage() until imageChanged() or openFailed() is emitted (the worker may be
    // done before its result is delivered on this thread).
    bool opening() const { return m_openPending; }
    // An image from elsewhere (the bundled samples, the clipboard, a drop); `name` labels it and
    // `sha256` is its file's hash when there is a file (exports record it).
    bool setImage(const QImage& image, const QString& name, QString* error,
                  const QString& sha256 = {});
    // The Spec to compute, and the weights file it names as already read (null when the Spec
    // names none, or the job should read it).
    void setSpec(const Spec& spec, std::shared_ptr<const FoundWeights> weights = nullptr);

    const Spec& spec() const { return m_spec; }
    QString imageName() const { return m_imageName; }
    const QImage& image() const { return m_image; } // as decoded; null before the first
    QString imageSha256() const { return m_imageSha256; }
    // H×W of the current image; nullopt before the first.
    std::optional<Size2> imageSize() const;

    // The last accepted result (its generation is the newest that finished); null before one.
    const JobOutcome* current() const { return m_current.get(); }
    std::shared_ptr<const JobOutcome> currentShared() const { return m_current; }
    // The message of the newest request when it failed (shown instead of a result), else empty.
    QString failure() const { return m_failure; }
    // True when the shown result is not what the current image and Spec give (yet): a run in
    // progress, a failure or a cancel.
    bool isStale() const { return m_current && m_current->generation != m_requested; }
    bool wasCancelled() const { return m_cancelledGeneration == m_requested; }

    int selected() const { return m_selected; }
    void select(int index); // -1 clears; out of range is ignored

    // A set of patches picked together (a histogram bin's), shown outlined beside the one
    // selected patch; sorted, without repeats. Like the selection, kept while the grid stays.
    const QList<int>& selectedPatches() const { return m_patchSet; }
    void selectPatches(QList<int> indices); // an empty list clears; out of range are dropped

    // The selected output channel d (a filter: row d of W, channel d of the output), followed by
    // the Patch inspector, the Filters view and the filter-response map; -1 for none. Kept while
    // D stays; cleared when a result with another D comes.
    int selectedFilter() const { return m_filter; }
    void selectFilter(int d); // -1 clears; out of range is ignored

    bool busy() const { return m_running || m_timer.isActive(); }
    std::uint64_t requestedGeneration() const { return m_requested; }
    void cancel();

  signals:
    void imageChanged();
    void openFailed(const QString& path, const QString& message);
    void started(quint64 generation);
    // Only for the newest request: a superseded job's progress is never sent.
    void progressed(quint64 generation, qint64 done, qint64 total);
    void resultReady();
    void failed(const QString& message);
    void cancelled();
    void selectionChanged(int index);
    void patchSetChanged(const QList<int>& indices);
    void filterChanged(int d);

  private:
    void request();
    void launch();
    void finished();

    Spec m_spec;
    QImage m_image; // as decoded; jobs make the RGB or luminance the Spec asks for
    QString m_imageName, m_imageSha256;
    std::shared_ptr<const FoundWeights> m_weights; // the file m_spec names, already read
    std::string m_weightsFor;                      // its path and key, as the Spec names them

    struct Opened {
        QString path;
        QImage image;
        QString sha256;
        QString error;
    };
    QFutureWatcher<Opened> m_opening;
    bool m_openPending = false;

    QTimer m_timer;
    // Outcomes travel by pointer: a result can be 200 MB, and a future hands results out by copy.
    QFutureWatcher<std::shared_ptr<JobOutcome>> m_watcher;
    std::shared_ptr<std::atomic<bool>> m_cancel;
    std::uint64_t m_requested = 0;
    bool m_running = false;
    bool m_cancelRequested = false;
    std::atomic<qint64> m_lastProgressMs{0};

    std::shared_ptr<JobOutcome> m_current;
    QString m_failure;
    std::uint64_t m_cancelledGeneration = 0;
    int m_selected = -1;
    QList<int> m_patchSet;
    int m_filter = -1;
};

} // namespace tessera::ui
