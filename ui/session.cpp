#include "session.hpp"

#include "app_words.hpp"
#include "error.hpp"
#include "exporter.hpp"
#include "image_loader.hpp"
#include "job_pool.hpp"

#include <QDateTime>
#include <QFile>
#include <QFileInfo>
#include <QtConcurrent>

#include <algorithm>

namespace tessera::ui {

Session::Session(QObject* parent) : QObject(parent) {
    m_timer.setSingleShot(true);
    // The edits of one event-loop pass (a spec applied control by control) make one run, started
    // as soon as that pass ends. A burst spread over time (a spin box held down) needs no delay
    // either: a run still going is told to stop, and only the newest request starts after it.
    // (15 ms here cost every control change 15 ms of latency for nothing.)
    m_timer.setInterval(0);
    connect(&m_timer, &QTimer::timeout, this, &Session::launch);
    connect(&m_watcher, &QFutureWatcher<std::shared_ptr<JobOutcome>>::finished, this,
            &Session::finished);
    connect(&m_opening, &QFutureWatcher<Opened>::finished, this, [this] {
        m_openPending = false;
        const Opened o = m_opening.result();
        QString error = o.error;
        if (error.isEmpty() && setImage(o.image, QFileInfo(o.path).fileName(), &error, o.sha256))
            return;
        emit openFailed(o.path, error);
    });
}

Session::~Session() {
    if (m_cancel)
        m_cancel->store(true);
    m_watcher.waitForFinished();
    m_opening.waitForFinished();
}

void Session::openImage(const std::filesystem::path& file) {
    // A 4096x4096 PNG takes a second to decode and hash: on a worker. One open at a time. The
    // file is opened by its name's bytes; the QString is for display only.
    m_opening.waitForFinished();
    const QString path = QFile::decodeName(QByteArray::fromStdString(file.string()));
    m_openPending = true;
    m_opening.setFuture(runInBackground([file, path]() -> Opened {
        try {
            QImage image = io::readImage(file);
            return {path, std::move(image), QString::fromStdString(io::sha256OfFile(file)), {}};
        } catch (const std::bad_alloc&) {
            return {path, {}, {}, tr("not enough memory to open %1").arg(path)};
        } catch (const std::exception& e) {
            return {path, {}, {}, QString::fromStdString(e.what())};
        }
    }));
}

bool Session::setImage(const QImage& image, const QString& name, QString* error,
                       const QString& sha256) {
    if (image.isNull()) {
        if (error)
            *error = tr("%1 holds no image").arg(name);
        return false;
    }
    m_image = image;
    m_imageName = name;
    m_imageSha256 = sha256;
    // Another picture: patch 100 would be somewhere else in it.
    const bool hadSelection = m_selected >= 0, hadSet = !m_patchSet.isEmpty();
    m_selected = -1;
    m_patchSet.clear();
    emit imageChanged();
    if (hadSelection)
        emit selectionChanged(-1);
    if (hadSet)
        emit patchSetChanged(m_patchSet);
    request();
    return true;
}

void Session::setSpec(const Spec& spec, std::shared_ptr<const FoundWeights> weights) {
    m_spec = spec;
    const std::string key = spec.weightsPath + '\n' + spec.weightsKey;
    if (weights) {
        m_weights = std::move(weights);
        m_weightsFor = key;
    } else if (key != m_weightsFor) {
        m_weights.reset();
    }
    request();
}

std::optional<Size2> Session::imageSize() const {
    if (m_image.isNull())
        return std::nullopt;
    return Size2{m_image.height(), m_image.width()};
}

void Session::select(int index) {
    const int n = m_current ? int(m_current->result.grid.count()) : 0;
    if (index < -1 || index >= n || index == m_selected)
        return;
    m_selected = index;
    emit selectionChanged(index);
}

void Session::selectPatches(QList<int> indices) {
    const int n = m_current ? int(m_current->result.grid.count()) : 0;
    indices.removeIf([n](int i) { return i < 0 || i >= n; });
    std::sort(indices.begin(), indices.end());
    indices.erase(std::unique(indices.begin(), indices.end()), indices.end());
    if (indices == m_patchSet)
        return;
    m_patchSet = std::move(indices);
    emit patchSetChanged(m_patchSet);
}

void Session::selectFilter(int d) {
    const int dims = m_current ? m_current->dim : 0;
    if (d < -1 || d >= dims || d == m_filter)
        return;
    m_filter = d;
    emit filterChanged(d);
}

void Session::cancel() {
    m_timer.stop();
    if (m_running && m_cancel) {
        m_cancelRequested = true;
        m_cancel->store(true);
    }
}

void Session::request() {
    ++m_requested;
    if (m_cancel)
        m_cancel->store(true); // a running job is stale now: let it stop early
    m_timer.start();
}

void Session::launch() {
    if (m_running || m_image.isNull())
        return; // finished() launches again when the running job ends
    JobInput in;
    in.generation = m_requested;
    in.image = m_image;
    in.imageName = m_imageName.toStdString();
    in.imageSha256 = m_imageSha256.toStdString();
    in.spec = m_spec;
    in.loaded = m_weights;
    m_cancel = std::make_shared<std::atomic<bool>>(false);
    in.cancel = m_cancel;
    const std::uint64_t generation = m_requested;
    in.onProgress = [this, generation](std::size_t done, std::size_t all) {
        // Throttled to one queued signal per 40 ms: the event loop should not drown in them.
        const qint64 now = QDateTime::currentMSecsSinceEpoch();
        qint64 last = m_lastProgressMs.load();
        if (done < all && now - last < 40)
            return;
        if (!m_lastProgressMs.compare_exchange_strong(last, now))
            return;
        QMetaObject::invokeMethod(
            this,
            [this, generation, done, all] {
                if (generation == m_requested)
                    emit progressed(generation, qint64(done), qint64(all));
            },
            Qt::QueuedConnection);
    };
    m_running = true;
    m_cancelRequested = false;
    emit started(generation);
    m_watcher.setFuture(runInBackground([in] { return std::make_shared<JobOutcome>(runJob(in)); }));
}

void Session::finished() {
    m_running = false;
    std::shared_ptr<JobOutcome> result = m_watcher.result();
    JobOutcome& out = *result;
    // The job read the weights file itself: keep it for the next run of the same file.
    if (out.loaded && !m_weights && out.spec.weightsPath == m_spec.weightsPath &&
        out.spec.weightsKey == m_spec.weightsKey) {
        m_weights = out.loaded;
        m_weightsFor = m_spec.weightsPath + '\n' + m_spec.weightsKey;
    }
    if (out.generation != m_requested) {
        if (!m_timer.isActive())
            launch(); // a newer request is waiting for this job to end
        return;
    }
    if (out.cancelled) {
        m_cancelledGeneration = out.generation;
        if (m_cancelRequested)
            emit cancelled();
        return;
    }
    if (!out.error.empty()) {
        // In the app's words: the controls' names, not the CLI's flags.
        m_failure = appWords(out.error);
        emit failed(m_failure);
        return;
    }
    m_failure.clear();
    const bool sameGrid = m_current && m_current->result.grid.count() == out.result.grid.count();
    const bool sameDim = m_current && m_current->dim == out.dim;
    m_current = std::move(result);
    if (!sameGrid) {
        m_selected = -1;
        m_patchSet.clear();
    }
    if (!sameDim)
        m_filter = -1;
    emit resultReady();
}

} // namespace tessera::ui
