// WeightsFile: the one weights file the app uses, read once, off the GUI thread, and shared.
//
// The controls show the file's geometry and the compute jobs project with its tensors; both take
// the same immutable FoundWeights, so the file is never read twice for one choice. A load that
// fails leaves the file in use before it in place (named, still shared) and reports why; a load
// superseded by a newer one is dropped when it ends.
#pragma once

#include "checkpoint.hpp"

#include <QFutureWatcher>
#include <QObject>
#include <QString>

#include <memory>

namespace tessera::ui {

class WeightsFile : public QObject {
    Q_OBJECT

  public:
    explicit WeightsFile(QObject* parent = nullptr);
    ~WeightsFile() override;

    // Reads `path` in the background; `prefix` chooses among several patch embeddings (empty:
    // the first, the others offered by prefixes()). Emits loaded() or failed().
    void load(const QString& path, const QString& prefix = {});
    void clear(); // no file in use

    std::shared_ptr<const FoundWeights> current() const { return m_current; }
    QString path() const { return m_path; } // of current(); empty without one
    bool loading() const { return m_watcher.isRunning(); }
    QString error() const { return m_error; } // of the last load, empty when it worked

  signals:
    void loaded();
    void failed(const QString& message);

  private:
    void finished();

    struct Loaded {
        int request = 0;
        std::shared_ptr<const FoundWeights> weights;
        QString error;
    };
    QFutureWatcher<Loaded> m_watcher;
    QString m_pendingPath;
    std::shared_ptr<const FoundWeights> m_current;
    QString m_path;
    QString m_error;
    int m_requests = 0; // loads (and clears) asked for; a load counts only when it is the newest
};

} // namespace tessera::ui
