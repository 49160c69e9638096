#include "sequence_view.hpp"

#include "compute_job.hpp"
#include "embedding_matrix_view.hpp"
#include "filters_render.hpp"
#include "matrix_picture.hpp"
#include "on_screen.hpp"
#include "selection_colours.hpp"
#include "sequence_source.hpp"
#include "session.hpp"
#include "view_canvas.hpp"

#include <QCheckBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QLinearGradient>
#include <QPainter>
#include <QSignalBlocker>
#include <QSpinBox>
#include <QVBoxLayout>

#include <algorithm>
#include <cmath>

namespace tessera::ui {
namespace {

constexpr int kMinPrefixRowPixels = 9; // a prefix token's row is never thinner (up to a quarter)
constexpr int kBandGap = 3;            // between the prefix rows and the patches

QColor classTokenColour() {
    return {0, 160, 60};
}

QString number(double v) {
    return QString::number(v, 'g', 3);
}

} // namespace

SequenceView::SequenceView(Session* session, QWidget* parent)
    : QWidget(parent), m_session(session),
      m_job(
          this, [this](Picture picture) { take(std::move(picture)); },
          [this](const QString& message) { fail(message); }) {
    auto* layout = viewColumn(this);
    auto* controls = new QHBoxLayout;
    m_classBox = new QCheckBox(tr("Class token"), this);
    m_classBox->setToolTip(tr("Prepend a class token (CLS), whose output the classifier reads. "
                              "Global-pool ViTs have none (--no-class-token)."));
    m_regBox = new QSpinBox(this);
    m_regBox->setRange(0, 64);
    m_regBox->setToolTip(tr("Register tokens: extra learned tokens after the class token that "
                            "give attention a scratch space (--reg-tokens)."));
    auto* regLabel = new QLabel(tr("Registers"), this);
    regLabel->setBuddy(m_regBox);
    regLabel->setToolTip(m_regBox->toolTip());
    controls->addWidget(m_classBox);
    controls->addWidget(regLabel); // tight: the row must fit the narrowest dock
    controls->addWidget(m_regBox);
    controls->addStretch(1);
    layout->addLayout(controls);
    m_caption = addCaption(this, layout);
    m_sources = addCaption(this, layout);
    m_canvas = makeCanvas(this, {200, 160},
                          tr("Hover to read a token's values; click a patch's row to select it."));
    layout->addWidget(m_canvas, 1);

    const auto edited = [this] {
        emit sequenceOptionsChanged(m_classBox->isChecked(), m_regBox->value());
    };
    connect(m_classBox, &QCheckBox::toggled, this, edited);
    connect(m_regBox, &QSpinBox::valueChanged, this, edited);
    connect(session, &Session::resultReady, this,
            [this] { rebuildWhenSeen(this, m_rebuildOwed, [this] { rebuild(); }); });
    connect(session, &Session::selectionChanged, m_canvas, qOverload<>(&QWidget::update));
    rebuild();
}

int SequenceView::prefixCount() const {
    return m_outcome ? int(m_outcome->spec.classToken) + m_outcome->spec.regTokens : 0;
}

int SequenceView::tokenCount() const {
    return m_outcome ? prefixCount() + int(m_outcome->result.grid.count()) : 0;
}

void SequenceView::take(Picture picture) {
    m_picture = std::move(picture);
    m_error.clear();
    m_sources->setText(sourceText());
    m_canvas->update();
}

void SequenceView::fail(const QString& message) {
    m_error = message;
    m_canvas->update();
}

QString SequenceView::caption() const {
    return m_caption->text();
}

QString SequenceView::sourceText() const {
    if (!m_picture.sequence)
        return {};
    return classTokenSource(*m_picture.sequence, m_picture.outcome->loaded != nullptr) +
           QLatin1Char('\n') + positionSource(*m_picture.sequence, m_picture.outcome->dim);
}

void SequenceView::syncControls() {
    const QSignalBlocker blockClass(m_classBox), blockReg(m_regBox);
    const Spec& spec = m_outcome ? m_outcome->spec : m_session->spec();
    m_classBox->setChecked(spec.classToken);
    m_regBox->setValue(spec.regTokens);
}

void SequenceView::rebuild() {
    m_outcome = m_session->currentShared();
    m_job.cancel();
    syncControls();
    if (!m_outcome || m_outcome->result.embeddings.size() == 0) {
        m_outcome = nullptr;
        m_picture = {};
        m_error.clear();
        m_caption->setText(tr("No result yet: open an image to see the token sequence."));
        m_sources->clear();
        m_canvas->update();
        return;
    }
    m_error.clear(); // a new result: whatever the last one could not show
    const int n = int(m_outcome->result.grid.count()), t = tokenCount();
    QString text;
    if (m_outcome->spec.classToken && m_outcome->spec.regTokens)
        text = tr("The transformer reads T = %1 tokens of D = %2 numbers: the class token first, "
                  "then %3 register tokens, then the %4 patches row by row. Registers are "
                  "scratch space for attention: they stand for no place in the image, so they "
                  "get no position.")
                   .arg(t)
                   .arg(m_outcome->dim)
                   .arg(m_outcome->spec.regTokens)
                   .arg(n);
    else if (m_outcome->spec.regTokens)
        text = tr("The transformer reads T = %1 tokens of D = %2 numbers: %3 register tokens "
                  "first, then the %4 patches row by row. Registers are scratch space for "
                  "attention: they stand for no place in the image, so they get no position.")
                   .arg(t)
                   .arg(m_outcome->dim)
                   .arg(m_outcome->spec.regTokens)
                   .arg(n);
    else if (m_outcome->spec.classToken)
        text = tr("The transformer reads T = %1 tokens of D = %2 numbers: the class token first, "
                  "then the %3 patches row by row.")
                   .arg(t)
                   .arg(m_outcome->dim)
                   .arg(n);
    else
        text = tr("The transformer reads T = %1 tokens of D = %2 numbers: the %3 patches row by "
                  "row.")
                   .arg(t)
                   .arg(m_outcome->dim)
                   .arg(n);
    text += QLatin1Char(' ') + tr("Adding a position to each token tells the model where its "
                                  "patch was: attention alone does not know the order.");
    m_caption->setText(text);
    request();
}

SequenceView::Geometry SequenceView::geometry() const {
    const QFontMetrics fm = m_canvas->fontMetrics();
    Geometry g;
    g.left = fm.horizontalAdvance(tr("patch %1").arg(65535)) + 18;
    g.top = 2 * fm.height() + 8;
    g.gap = 2 * fm.horizontalAdvance(QStringLiteral("→")) + 12; // the arrow is drawn 1.6 × larger
    const int bottom = 3 * fm.height() + 22; // the colour bar, its labels, the readout
    g.columnWidth = std::max(8, (m_canvas->width() - g.left - 4 - 2 * g.gap) / 3);
    const int height = std::max(12, m_canvas->height() - g.top - bottom);
    const int prefix = prefixCount(), total = std::max(1, tokenCount());
    if (prefix > 0) {
        const int natural = int(std::int64_t(height) * prefix / total);
        g.prefixHeight = std::max(natural, std::min(prefix * kMinPrefixRowPixels, height / 4));
        g.prefixHeight = std::max(g.prefixHeight, 2);
        g.patchTop = g.top + g.prefixHeight + kBandGap;
    } else {
        g.patchTop = g.top;
    }
    g.patchHeight = std::max(1, g.top + height - g.patchTop);
    return g;
}

QRect SequenceView::Geometry::column(int m) const {
    return {left + m * (columnWidth + gap), top, columnWidth, bottom() - top};
}

QRect SequenceView::rowRect(const Geometry& g, int m, int token) const {
    const QRect col = g.column(m);
    const int prefix = prefixCount();
    int a = 0, b = 0;
    if (token < prefix) {
        a = g.top + int(std::int64_t(token) * g.prefixHeight / prefix);
        b = g.top + int(std::int64_t(token + 1) * g.prefixHeight / prefix);
    } else {
        const std::int64_t n = std::max<std::int64_t>(1, tokenCount() - prefix);
        a = g.patchTop + int((token - prefix) * g.patchHeight / n);
        b = g.patchTop + int((token - prefix + 1) * g.patchHeight / n);
    }
    return {col.left(), a, col.width(), std::max(1, b - a)};
}

QPoint SequenceView::positionOf(int m, int token) const {
    // The row's middle, exactly: rows a pixel or two high round to their neighbours otherwise.
    const Geometry g = geometry();
    const int prefix = prefixCount();
    const double y = token < prefix ? g.top + (token + 0.5) * g.prefixHeight / prefix
                                    : g.patchTop + (token - prefix + 0.5) * g.patchHeight /
                                                       std::max(1, tokenCount() - prefix);
    return {g.column(m).center().x(), int(y)};
}

int SequenceView::tokenAt(QPoint pos) const {
    if (!m_outcome)
        return -1;
    const Geometry g = geometry();
    const int prefix = prefixCount(), n = tokenCount() - prefix;
    if (pos.x() < 0 || pos.x() > g.column(2).right())
        return -1;
    if (prefix > 0 && pos.y() >= g.top && pos.y() < g.top + g.prefixHeight)
        return std::clamp(int(std::int64_t(pos.y() - g.top) * prefix / g.prefixHeight), 0,
                          prefix - 1);
    if (pos.y() >= g.patchTop && pos.y() < g.bottom())
        return prefix +
               std::clamp(int(std::int64_t(pos.y() - g.patchTop) * n / g.patchHeight), 0, n - 1);
    return -1;
}

int SequenceView::columnAt(QPoint pos, int* matrix) const {
    if (!m_outcome)
        return -1;
    const Geometry g = geometry();
    for (int m = 0; m < 3; ++m) {
        const QRect col = g.column(m);
        if (pos.x() >= col.left() && pos.x() <= col.right()) {
            *matrix = m;
            return std::clamp(
                int(std::int64_t(pos.x() - col.left()) * m_outcome->dim / col.width()), 0,
                m_outcome->dim - 1);
        }
    }
    return -1;
}

void SequenceView::request() {
    if (!m_outcome || !onScreen(this))
        return;
    const Geometry g = geometry();
    const QSize size(std::min(g.columnWidth, m_outcome->dim),
                     int(std::min<std::int64_t>(g.patchHeight, m_outcome->result.grid.count())));
    const int prefixPixels = std::min(g.prefixHeight, prefixCount());
    if (m_picture.outcome == m_outcome && m_picture.size == size &&
        m_picture.prefixPixels == prefixPixels)
        return;
    // The sequence is made once per result; a resize only redraws its pictures.
    auto sequence = m_picture.outcome == m_outcome ? m_picture.sequence : nullptr;
    if (const QString why = sequence ? QString() : sequenceOverBudget(*m_outcome, m_memoryBudget);
        !why.isEmpty()) {
        m_picture = {};
        m_sources->clear();
        return fail(why);
    }
    m_job.run([outcome = m_outcome, sequence, size, prefixPixels](const std::atomic<bool>& cancel) {
        return makePicture(outcome, sequence, size, prefixPixels, cancel);
    });
}

SequenceView::Picture SequenceView::makePicture(std::shared_ptr<const JobOutcome> outcome,
                                                std::shared_ptr<const TokenSequence> sequence,
                                                QSize size, int prefixPixels,
                                                const std::atomic<bool>& cancel) {
    Picture out;
    out.outcome = outcome;
    out.sequence =
        sequence ? sequence : std::make_shared<const TokenSequence>(sequenceOf(*outcome));
    out.size = size;
    out.prefixPixels = prefixPixels;
    if (cancel.load())
        throw Cancelled();
    const TokenSequence& s = *out.sequence;
    const std::int64_t d = s.tokens.dim(1), prefix = s.prefixTokens(), n = s.length() - prefix;
    const float* embeddings = outcome->result.embeddings.data.data(); // the first image's
    const float* tokens = s.tokens.data.data();
    std::vector<float> before(std::size_t(prefix * d)); // the prefix tokens, no position added
    for (std::size_t i = 0; i < before.size(); ++i)
        before[i] = s.tokens.data[i] - s.positions.data[i];

    const std::span<const float> parts[] = {{embeddings, std::size_t(n * d)},
                                            {before.data(), before.size()},
                                            {tokens, s.tokens.data.size()}};
    const SymmetricRange range = symmetricRange(parts, kMatrixRangeQuantile, cancel);
    out.range = range.range;
    out.maxAbs = range.maxAbs;
    out.patches = envelopeImage(embeddings, n, d, size, out.range, cancel);
    out.patchesAfter = envelopeImage(tokens + prefix * d, n, d, size, out.range, cancel);
    if (prefix > 0) {
        const QSize prefixSize(size.width(), std::max(1, prefixPixels));
        out.prefixBefore = envelopeImage(before.data(), prefix, d, prefixSize, out.range, cancel);
        out.prefixAfter = envelopeImage(tokens, prefix, d, prefixSize, out.range, cancel);
    }
    return out;
}

void SequenceView::showEvent(QShowEvent* event) {
    QWidget::showEvent(event);
    cameOnScreen();
}

void SequenceView::cameOnScreen() {
    if (std::exchange(m_rebuildOwed, false)) {
        // The pictures, scale and sources are of a result long gone: "Drawing…" rather than
        // them under new captions.
        m_picture = {};
        m_sources->clear();
        return rebuild();
    }
    request();
}

bool SequenceView::eventFilter(QObject* watched, QEvent* event) {
    if (watched == m_canvas && routeCanvasEvent(event, {[this] { paint(); },
                                                        [this] { request(); },
                                                        [this](QPoint at) { hover(at); },
                                                        [this](QPoint at) { click(at); },
                                                        {}}))
        return true;
    return QWidget::eventFilter(watched, event);
}

void SequenceView::click(QPoint pos) {
    const int token = tokenAt(pos);
    if (token >= prefixCount())
        m_session->select(token - prefixCount());
}

void SequenceView::hover(QPoint pos) {
    const int token = tokenAt(pos);
    int matrix = -1;
    const int d = token >= 0 ? columnAt(pos, &matrix) : -1;
    const int prefix = prefixCount();
    const TokenSequence* s = m_picture.outcome == m_outcome ? m_picture.sequence.get() : nullptr;
    QString text;
    if (token >= 0 && token < prefix) {
        const bool cls = m_outcome->spec.classToken && token == 0;
        text = cls ? tr("token 0: the class token")
                   : tr("token %1: register token %2")
                         .arg(token)
                         .arg(token - int(m_outcome->spec.classToken) + 1);
    } else if (token >= prefix) {
        const int n = token - prefix, gw = std::max(1, m_outcome->result.grid.gw);
        text = tr("token %1: patch %2 (row %3, col %4)").arg(token).arg(n).arg(n / gw).arg(n % gw);
    }
    if (s && d >= 0 && !(matrix == 0 && token < prefix)) {
        const std::size_t at = std::size_t(token) * std::size_t(s->tokens.dim(1)) + std::size_t(d);
        const double x = s->tokens.data[at], position = s->positions.data[at];
        const double before =
            token >= prefix
                ? double(m_outcome->result.embeddings
                             .data[std::size_t(token - prefix) * std::size_t(m_outcome->dim) +
                                   std::size_t(d)])
                : x - position;
        text += tr(", dim %1: %2 + position %3 = %4")
                    .arg(d)
                    .arg(before, 0, 'g', 4)
                    .arg(position, 0, 'g', 4)
                    .arg(x, 0, 'g', 4);
    }
    m_readout = text;
    m_hoverToken = token;
    const int patch = token >= prefix ? token - prefix : -1;
    if (patch != m_hoverPatch) {
        m_hoverPatch = patch;
        emit patchHovered(patch);
    }
    m_canvas->update();
}

void SequenceView::paint() {
    QPainter p(m_canvas);
    const QFontMetrics fm = m_canvas->fontMetrics();
    const QColor text = palette().color(QPalette::Text);
    if (!m_outcome || !m_error.isEmpty()) {
        p.setPen(palette().color(QPalette::PlaceholderText));
        p.drawText(m_canvas->rect().adjusted(8, 8, -8, -8), Qt::AlignCenter | Qt::TextWordWrap,
                   m_outcome ? m_error : tr("No token sequence to show yet."));
        return;
    }
    const Geometry g = geometry();
    const int prefix = prefixCount(), t = tokenCount(), n = t - prefix, d = m_outcome->dim;
    const bool ready = m_picture.outcome == m_outcome && !m_picture.patches.isNull();

    // Titles: the step and its shape.
    QString prefixName = m_outcome->spec.classToken ? tr("+ CLS") : QString();
    if (m_outcome->spec.regTokens)
        prefixName += (prefixName.isEmpty() ? QString() : QStringLiteral(" ")) +
                      tr("+ %n REG", "", m_outcome->spec.regTokens);
    const QString titles[3][2] = {
        {tr("1. patches"), tr("N × D = %1 × %2").arg(n).arg(d)},
        {prefix ? tr("2. %1").arg(prefixName) : tr("2. no prefix"),
         tr("T × D = %1 × %2").arg(t).arg(d)},
        {m_picture.sequence && m_picture.sequence->source == PositionSource::None
             ? tr("3. no positions")
             : tr("3. + positions"),
         tr("T × D = %1 × %2").arg(t).arg(d)}};
    p.setPen(text);
    for (int m = 0; m < 3; ++m) {
        const QRect col = g.column(m);
        const QRect area(col.left() - g.gap / 2, 2, col.width() + g.gap, fm.height());
        QFont bold = p.font();
        bold.setBold(true);
        p.setFont(bold);
        p.drawText(area, Qt::AlignHCenter,
                   fm.elidedText(titles[m][0], Qt::ElideRight, area.width()));
        p.setFont(m_canvas->font());
        p.drawText(area.translated(0, fm.height() + 2), Qt::AlignHCenter,
                   fm.elidedText(titles[m][1], Qt::ElideRight, area.width()));
    }

    // The matrices.
    p.setRenderHint(QPainter::SmoothPixmapTransform, false);
    for (int m = 0; m < 3; ++m) {
        const QRect col = g.column(m);
        const QRect patches(col.left(), g.patchTop, col.width(), g.patchHeight);
        const QRect prefixBand(col.left(), g.top, col.width(), g.prefixHeight);
        if (!ready) {
            p.fillRect(patches, palette().color(QPalette::Window));
            p.setPen(palette().color(QPalette::PlaceholderText));
            p.drawText(patches, Qt::AlignCenter, tr("Drawing…"));
        } else {
            p.drawImage(patches, m == 2 ? m_picture.patchesAfter : m_picture.patches);
            if (prefix && m > 0)
                p.drawImage(prefixBand, m == 1 ? m_picture.prefixBefore : m_picture.prefixAfter);
        }
        p.setPen(palette().color(QPalette::Mid));
        p.setBrush(Qt::NoBrush);
        p.drawRect(patches.adjusted(-1, -1, 0, 0));
        if (prefix && m > 0)
            p.drawRect(prefixBand.adjusted(-1, -1, 0, 0));
    }
    // The arrows between the steps, large enough to read as arrows.
    p.setPen(text);
    QFont arrowFont = m_canvas->font();
    arrowFont.setPointSizeF(arrowFont.pointSizeF() * 1.6);
    p.setFont(arrowFont);
    for (int m = 0; m < 2; ++m) {
        const QRect col = g.column(m);
        p.drawText(QRect(col.right() + 1, g.top, g.gap, g.bottom() - g.top), Qt::AlignCenter,
                   QStringLiteral("→"));
    }
    p.setFont(m_canvas->font());

    // Row labels: each prefix token when there is room, then the first and last patch.
    const int labelRight = g.left - 12;
    if (prefix) {
        const bool room = g.prefixHeight / prefix >= fm.height();
        for (int k = 0; k < prefix; ++k) {
            if (!room && k > 0 && k != (m_outcome->spec.classToken ? 1 : 0))
                continue;
            const bool cls = m_outcome->spec.classToken && k == 0;
            const int reg = k - int(m_outcome->spec.classToken) + 1;
            QString label = cls ? tr("CLS") : tr("REG %1").arg(reg);
            QRect row = rowRect(g, 0, k);
            if (!room && !cls) {
                label = prefix - k > 1 ? tr("REG 1–%1").arg(prefix - k) : tr("REG 1");
                row = QRect(row.left(), row.top(), row.width(), g.top + g.prefixHeight - row.top());
            }
            p.drawText(QRect(0, row.center().y() - fm.height() / 2, labelRight, fm.height()),
                       Qt::AlignRight, label);
        }
    }
    p.drawText(QRect(0, g.patchTop, labelRight, fm.height()), Qt::AlignRight, tr("patch 0"));
    if (n > 1)
        p.drawText(QRect(0, g.bottom() - fm.height(), labelRight, fm.height()), Qt::AlignRight,
                   tr("patch %1").arg(n - 1));

    // The class token's row, outlined where it is.
    p.setBrush(Qt::NoBrush);
    if (m_outcome->spec.classToken)
        for (int m = 1; m < 3; ++m) {
            p.setPen(QPen(classTokenColour(), 2));
            p.drawRect(rowRect(g, m, 0).adjusted(-1, -1, 0, 0));
        }
    // The hovered token, thin; the selected patch, in its colour with an arrow.
    if (m_hoverToken >= 0 && m_hoverToken < t) {
        p.setPen(QPen(text, 1));
        for (int m = 0; m < 3; ++m)
            if (m > 0 || m_hoverToken >= prefix)
                p.drawRect(rowRect(g, m, m_hoverToken).adjusted(-1, -1, 0, 0));
    }
    const int selected = m_session->selected();
    if (selected >= 0 && selected < n) {
        p.setPen(QPen(selectedPatchColour(), 2));
        int mid = 0;
        for (int m = 0; m < 3; ++m) {
            QRect row = rowRect(g, m, prefix + selected);
            if (row.height() < 3)
                row.adjust(0, -1, 0, 3 - row.height() - 1);
            p.drawRect(row.adjusted(-1, -1, 0, 0));
            mid = row.center().y();
        }
        p.setBrush(selectedPatchColour());
        p.drawPolygon(QPolygon{{g.left - 9, mid - 5}, {g.left - 3, mid}, {g.left - 9, mid + 5}});
        p.setBrush(Qt::NoBrush);
    }

    // The colour bar under the matrices: -range to +range.
    const QRect bar(g.column(0).left(), g.bottom() + 8, g.column(2).right() - g.column(0).left(),
                    8);
    QLinearGradient gradient(bar.topLeft(), bar.topRight());
    for (int i = 0; i <= 20; ++i)
        gradient.setColorAt(i / 20.0, QColor(divergingRgb(i / 10.0 - 1)));
    p.fillRect(bar, gradient);
    p.setPen(palette().color(QPalette::Mid));
    p.drawRect(bar.adjusted(0, 0, -1, -1));
    p.setPen(text);
    const QRect labels(bar.left(), bar.bottom() + 2, bar.width(), fm.height());
    p.drawText(labels, Qt::AlignLeft, QStringLiteral("−") + number(m_picture.range));
    p.drawText(labels, Qt::AlignHCenter, QStringLiteral("0"));
    p.drawText(labels, Qt::AlignRight, QStringLiteral("+") + number(m_picture.range));

    QString line = m_readout;
    if (line.isEmpty() && ready) {
        line = tr("One colour scale for all three: ±%1 holds 99.5% of the values.")
                   .arg(number(m_picture.range));
        if (m_picture.patches.height() < n || m_picture.patches.width() < d)
            line += QLatin1Char(' ') + tr("A pixel: the strongest value of its block.");
    }
    const int width = m_canvas->width() - 8;
    p.drawText(QRect(4, labels.bottom() + 4, width, 2 * fm.height()),
               Qt::AlignLeft | Qt::TextWordWrap, line);
}

} // namespace tessera::ui
