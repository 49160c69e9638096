// Walkthrough: a panel that takes a student through the patch-embedding stage in seven steps —
// the image, resize and crop, normalise, cut into patches, flatten one patch, project with W, the
// token sequence — each a short paragraph with the current run's numbers in it.
//
// Back / Next, the ←/→ keys (while the panel or one of its buttons has focus) and a row of step
// buttons move between steps. The text follows the Session: a new result, the selected patch
// (step 5) and the hovered pixel (step 3, fed from ImageView::pixelHovered). focus() says which
// view the window should bring forward and which image overlays to show; the window does that.
// The steps, their texts and what they show live in walkthrough_steps.*.
#pragma once

#include "latest_job.hpp"
#include "walkthrough_steps.hpp"

#include <QList>
#include <QPoint>
#include <QWidget>

#include <memory>
#include <optional>

class QLabel;
class QPushButton;
class QToolButton;

namespace tessera::ui {

class Session;

class Walkthrough : public QWidget {
    Q_OBJECT

  public:
    explicit Walkthrough(Session* session, QWidget* parent = nullptr);
    ~Walkthrough() override;

    static constexpr int kSteps = 7;
    int step() const { return m_step; } // 1..kSteps
    void setStep(int step);             // clamped to 1..kSteps; stepChanged when it changes
    QString title() const;              // the current step's title
    QString text() const;               // the current step's paragraphs as shown, plain text

    struct Focus {         // what the window shows and highlights for the current step
        QString view;      // "image" (steps 1-4), "inspector" (5, 6), "sequence" (7)
        bool grid = false; // image overlays for the step
        bool cropAndPadding = false;
    };
    Focus focus() const;

    // True while step 7's token sequence is being built (its text says so meanwhile).
    bool busy() const { return m_sequenceJob.busy(); }

  public slots:
    void setHoveredPixel(QPoint resizedPixel); // ImageView::pixelHovered: (-1,-1) off the image

  signals:
    void stepChanged(int step);

  protected:
    void keyPressEvent(QKeyEvent* event) override;
    void changeEvent(QEvent* event) override;
    bool eventFilter(QObject* watched, QEvent* event) override;

  private:
    void refresh();
    void updateTitleFont();
    void requestSequence();
    bool stepByKey(int key); // ←/→: true when taken

    Session* m_session;
    int m_step = 1;
    QPoint m_hovered{-1, -1};
    QLabel* m_title;
    QLabel* m_text;
    QPushButton* m_back;
    QPushButton* m_next;
    QList<QToolButton*> m_dots;
    QString m_html;
    std::optional<SequenceFacts> m_sequence; // for the current result, once built
    std::uint64_t m_sequenceAsked = 0;       // the result generation last asked for
    LatestJob<SequenceFacts> m_sequenceJob;
};

} // namespace tessera::ui
