#include "walkthrough.hpp"

#include "error.hpp"
#include "session.hpp"

#include <QHBoxLayout>
#include <QKeyEvent>
#include <QLabel>
#include <QPushButton>
#include <QScrollArea>
#include <QTextDocumentFragment>
#include <QToolButton>
#include <QVBoxLayout>

#include <algorithm>

namespace tessera::ui {

static_assert(Walkthrough::kSteps == 7, "the steps table in walkthrough_steps.cpp has 7 rows");

Walkthrough::Walkthrough(Session* session, QWidget* parent)
    : QWidget(parent), m_session(session), m_sequenceJob(this, [this](SequenceFacts facts) {
          m_sequence = std::move(facts);
          refresh();
      }) {
    setFocusPolicy(Qt::StrongFocus);

    m_title = new QLabel;
    m_title->setWordWrap(true);
    updateTitleFont();

    auto* dots = new QHBoxLayout;
    dots->setSpacing(2);
    const auto steps = walkthroughSteps();
    for (int i = 0; i < kSteps; ++i) {
        auto* dot = new QToolButton;
        dot->setText(QString::number(i + 1));
        dot->setToolTip(walkthroughText(steps[std::size_t(i)].title));
        dot->setCheckable(true);
        dot->setAutoRaise(true);
        dot->installEventFilter(this);
        connect(dot, &QToolButton::clicked, this, [this, i] { setStep(i + 1); });
        dots->addWidget(dot);
        m_dots << dot;
    }
    dots->addStretch(1);

    m_text = new QLabel;
    m_text->setWordWrap(true);
    m_text->setTextFormat(Qt::RichText);
    m_text->setAlignment(Qt::AlignTop | Qt::AlignLeft);
    m_text->setMargin(2);
    auto* scroll = new QScrollArea;
    scroll->setWidget(m_text);
    scroll->setWidgetResizable(true);
    scroll->setFrameShape(QFrame::NoFrame);
    scroll->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    scroll->setFocusPolicy(Qt::NoFocus);

    m_back = new QPushButton(tr("← Back"));
    m_next = new QPushButton(tr("Next →"));
    m_back->setToolTip(tr("The previous step (←)"));
    m_next->setToolTip(tr("The next step (→)"));
    for (QPushButton* b : {m_back, m_next})
        b->installEventFilter(this);
    connect(m_back, &QPushButton::clicked, this, [this] { setStep(m_step - 1); });
    connect(m_next, &QPushButton::clicked, this, [this] { setStep(m_step + 1); });
    auto* buttons = new QHBoxLayout;
    buttons->addWidget(m_back);
    buttons->addStretch(1);
    buttons->addWidget(m_next);

    auto* layout = new QVBoxLayout(this);
    layout->addWidget(m_title);
    layout->addLayout(dots);
    layout->addWidget(scroll, 1);
    layout->addLayout(buttons);

    connect(m_session, &Session::resultReady, this, [this] {
        m_sequence.reset();
        refresh();
    });
    connect(m_session, &Session::selectionChanged, this, [this] { refresh(); });
    refresh();
}

Walkthrough::~Walkthrough() = default;

void Walkthrough::setStep(int step) {
    step = std::clamp(step, 1, kSteps);
    if (step == m_step)
        return;
    m_step = step;
    refresh();
    emit stepChanged(m_step);
}

QString Walkthrough::title() const {
    return walkthroughText(walkthroughSteps()[std::size_t(m_step - 1)].title);
}

QString Walkthrough::text() const {
    return QTextDocumentFragment::fromHtml(m_html).toPlainText();
}

Walkthrough::Focus Walkthrough::focus() const {
    const WalkthroughStep& s = walkthroughSteps()[std::size_t(m_step - 1)];
    return {QString::fromLatin1(s.view), s.grid, s.cropAndPadding};
}

void Walkthrough::setHoveredPixel(QPoint resizedPixel) {
    if (resizedPixel == m_hovered)
        return;
    m_hovered = resizedPixel;
    if (m_step == 3) // the only step that reads it
        refresh();
}

// The title stays a step larger than the panel's font, also when a presentation mode enlarges it.
void Walkthrough::updateTitleFont() {
    QFont big = font();
    big.setBold(true);
    big.setPointSizeF(big.pointSizeF() * 1.25);
    m_title->setFont(big);
}

void Walkthrough::changeEvent(QEvent* event) {
    if (event->type() == QEvent::FontChange)
        updateTitleFont();
    QWidget::changeEvent(event);
}

void Walkthrough::keyPressEvent(QKeyEvent* event) {
    if (!stepByKey(event->key()))
        QWidget::keyPressEvent(event);
}

// The buttons would take ←/→ to move the focus among themselves; here they turn the page.
bool Walkthrough::eventFilter(QObject* watched, QEvent* event) {
    if (event->type() == QEvent::KeyPress && stepByKey(static_cast<QKeyEvent*>(event)->key()))
        return true;
    return QWidget::eventFilter(watched, event);
}

bool Walkthrough::stepByKey(int key) {
    if (key != Qt::Key_Left && key != Qt::Key_Right)
        return false;
    const bool forward = (key == Qt::Key_Right) != (layoutDirection() == Qt::RightToLeft);
    setStep(m_step + (forward ? 1 : -1));
    return true;
}

void Walkthrough::requestSequence() {
    std::shared_ptr<const JobOutcome> outcome = m_session->currentShared();
    if (!outcome || m_sequenceAsked == outcome->generation)
        return;                            // asked already: its answer is on the way
    m_sequenceAsked = outcome->generation; // a newer request stops any older job
    m_sequenceJob.run([outcome](const std::atomic<bool>&) { return sequenceFacts(*outcome); });
}

void Walkthrough::refresh() {
    m_title->setText(tr("Step %1 of %2 · %3").arg(m_step).arg(kSteps).arg(title()));
    for (int i = 0; i < kSteps; ++i)
        m_dots[i]->setChecked(i + 1 == m_step);
    m_back->setEnabled(m_step > 1);
    m_next->setEnabled(m_step < kSteps);

    QStringList paragraphs;
    const JobOutcome* out = m_session->current();
    if (!out || !out->ok() || !out->resized || !out->input) {
        paragraphs << walkthroughHint();
    } else {
        WalkthroughFacts facts;
        facts.outcome = out;
        facts.spec = specAsRun(*out);
        facts.selected = m_session->selected();
        facts.hovered = m_hovered;
        if (m_sequence && m_sequence->generation == out->generation)
            facts.sequence = &*m_sequence;
        else if (m_step == kSteps)
            requestSequence(); // built only when asked for: (T, D) floats can be large
        try {
            facts.arithmetic = arithmetic(facts.spec, out->plan.output);
            paragraphs = walkthroughSteps()[std::size_t(m_step - 1)].paragraphs(facts);
        } catch (const InputError& e) { // the result ran, so this would be a bug: say it
            paragraphs << QString::fromStdString(e.what()).toHtmlEscaped();
        }
    }
    m_html =
        QStringLiteral("<p>") + paragraphs.join(QStringLiteral("</p><p>")) + QStringLiteral("</p>");
    m_text->setText(m_html);
}

} // namespace tessera::ui
