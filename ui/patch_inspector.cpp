#include "patch_inspector.hpp"

#include "analysis.hpp"
#include "on_screen.hpp"
#include "patch_inspector_canvas.hpp"
#include "patch_inspector_data.hpp"
#include "session.hpp"

#include <QBoxLayout>
#include <QLabel>
#include <QScrollArea>
#include <QScrollBar>
#include <QTextDocumentFragment>
#include <QTimer>

#include <cmath>
#include <limits>

namespace tessera::ui {
namespace {

// Outputs written out term by term.
constexpr int kLargestTerms = 5;
// Wider than this, the pictures of the patch and of W stand side by side.
constexpr int kTwoColumns = 900;

// A number for the teaching text: four significant digits, a true minus sign.
QString num(double v) {
    if (!std::isfinite(v))
        return QString::number(v);
    const double a = std::abs(v);
    QString s;
    if (a == 0)
        s = QStringLiteral("0");
    else if (a >= 1e-3 && a < 1e5)
        s = QString::number(v, 'f', std::clamp(3 - int(std::floor(std::log10(a))), 0, 6));
    else
        s = QString::number(v, 'e', 2);
    return s.replace(QLatin1Char('-'), QChar(0x2212));
}

QLabel* newText(QWidget* parent, bool bold = false) {
    auto* l = new QLabel(parent);
    l->setWordWrap(true);
    l->setTextFormat(Qt::RichText);
    l->setTextInteractionFlags(Qt::TextSelectableByMouse);
    if (bold) {
        QFont f = l->font();
        f.setBold(true);
        l->setFont(f);
    }
    return l;
}

// A readout line under a picture: room for two lines kept, so the layout does not jump.
QLabel* newReadout(QWidget* parent) {
    QLabel* l = newText(parent);
    l->setMinimumHeight(2 * l->fontMetrics().height() + 2);
    l->setAlignment(Qt::AlignLeft | Qt::AlignTop);
    return l;
}

QWidget* column(std::initializer_list<QWidget*> widgets) {
    auto* w = new QWidget;
    auto* layout = new QVBoxLayout(w);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(4);
    for (QWidget* child : widgets) {
        const bool heading = qobject_cast<QLabel*>(child) && child->font().bold();
        if (heading && layout->count() > 0)
            layout->addSpacing(10);
        layout->addWidget(child);
    }
    layout->addStretch(1);
    return w;
}

} // namespace

PatchInspector::PatchInspector(Session* session, QWidget* parent)
    : QWidget(parent), m_session(session),
      m_job(
          this, [this](Prepared p) { show(std::move(p)); },
          [this](const QString& message) { showHint(message); }) {
    m_hint = newText(this);
    m_hint->setAlignment(Qt::AlignCenter);
    m_hint->setContentsMargins(12, 12, 12, 12);

    m_content = new QWidget;
    m_title = newText(m_content, true);
    QFont big = m_title->font();
    big.setPointSizeF(big.pointSizeF() * 1.2);
    m_title->setFont(big);
    m_intro = newText(m_content);

    auto* pixelsTitle = newText(m_content, true);
    pixelsTitle->setText(tr("1 · The pixels"));
    m_pixels = new PixelTiles(m_content);
    m_pixelNote = newText(m_content);
    m_pixelReadout = newReadout(m_content);

    auto* vectorTitle = newText(m_content, true);
    vectorTitle->setText(tr("2 · Flattened: the vector x"));
    m_vectorNote = newText(m_content);
    m_strip = new VectorStrip(m_content);
    m_vectorReadout = newReadout(m_content);

    auto* matrixTitle = newText(m_content, true);
    matrixTitle->setText(tr("3 · The weights W"));
    m_matrixNote = newText(m_content);
    m_matrix = new MatrixView(m_content);
    m_matrixReadout = newReadout(m_content);

    auto* outputsTitle = newText(m_content, true);
    outputsTitle->setText(tr("4 · The embedding y"));
    m_outputsNote = newText(m_content);
    m_preNormTitle = newText(m_content);
    m_preNorm = new BarStrip(m_content);
    m_outputsTitle = newText(m_content);
    m_outputs = new BarStrip(m_content);
    m_outputsReadout = newReadout(m_content);

    m_formulaTitle = newText(m_content, true);
    m_rowTitle = newText(m_content);
    m_rowStrip = new VectorStrip(m_content);
    m_termTitle = newText(m_content);
    m_termStrip = new VectorStrip(m_content);
    m_termReadout = newReadout(m_content);
    m_formula = newText(m_content);

    // x and W one above the other, at one width: column k of W stands under x_k.
    QWidget* left =
        column({pixelsTitle, m_pixels, m_pixelNote, m_pixelReadout, vectorTitle, m_vectorNote,
                m_strip, m_vectorReadout, matrixTitle, m_matrixNote, m_matrix, m_matrixReadout});
    QWidget* right = column({outputsTitle, m_outputsNote, m_preNormTitle, m_preNorm, m_outputsTitle,
                             m_outputs, m_outputsReadout, m_formulaTitle, m_rowTitle, m_rowStrip,
                             m_termTitle, m_termStrip, m_termReadout, m_formula});
    auto* contentLayout = new QVBoxLayout(m_content);
    contentLayout->setContentsMargins(8, 8, 8, 8);
    contentLayout->addWidget(m_title);
    contentLayout->addWidget(m_intro);
    m_columns = new QBoxLayout(QBoxLayout::TopToBottom);
    m_columns->setSpacing(16);
    m_columns->addWidget(left, 1);
    m_columns->addWidget(right, 1);
    contentLayout->addLayout(m_columns);
    contentLayout->addStretch(1);

    auto* page = new QWidget;
    auto* pageLayout = new QVBoxLayout(page);
    pageLayout->setContentsMargins(0, 0, 0, 0);
    pageLayout->addWidget(m_hint);
    pageLayout->addWidget(m_content);
    m_scroll = new QScrollArea(this);
    m_scroll->setWidgetResizable(true);
    // Narrower than its pictures, the page scrolls sideways rather than cut them off.
    m_scroll->setHorizontalScrollBarPolicy(Qt::ScrollBarAsNeeded);
    m_scroll->setFrameShape(QFrame::NoFrame);
    m_scroll->setWidget(page);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_scroll);

    // The marks stay where the mouse left them: the magnified run does not jump back to k = 0.
    connect(m_pixels, &PixelTiles::hoveredCell, this, [this](const PixelTiles::Cell& cell) {
        if (cell.valid())
            highlightValue(m_patch->k(cell.c, cell.p, cell.q));
    });
    for (VectorStrip* strip : {m_strip, m_rowStrip, m_termStrip})
        connect(strip, &IndexedCanvas::hoveredItem, this, [this](int k) {
            if (k >= 0)
                highlightValue(k);
        });
    connect(m_matrix, &IndexedCanvas::hoveredItem, this, &PatchInspector::hoverOutput);
    connect(m_matrix, &IndexedCanvas::clickedItem, this, &PatchInspector::pickOutput);
    for (BarStrip* bars : {m_preNorm, m_outputs}) {
        connect(bars, &IndexedCanvas::hoveredItem, this, &PatchInspector::hoverOutput);
        connect(bars, &IndexedCanvas::clickedItem, this, &PatchInspector::pickOutput);
    }
    connect(session, &Session::resultReady, this, &PatchInspector::refresh);
    connect(session, &Session::selectionChanged, this, &PatchInspector::refresh);
    connect(session, &Session::filterChanged, this, [this] { showOutput(); });
    setMinimumWidth(220);
    refresh();
}

PatchInspector::~PatchInspector() = default;

void PatchInspector::cameOnScreen() {
    refresh();
}

void PatchInspector::refresh() {
    std::shared_ptr<const JobOutcome> outcome = m_session->currentShared();
    if (!outcome || !outcome->input || !outcome->weights || !outcome->resized) {
        m_job.cancel();
        showHint(tr("No result yet. Open an image: the inspector then follows the patch you "
                    "click."));
        return;
    }
    const int index = m_session->selected();
    if (index < 0) {
        m_job.cancel();
        showHint(tr("Click a patch in the image to look inside it: its pixels, the numbers they "
                    "become, and how they turn into its embedding."));
        return;
    }
    if (!onScreen(this))
        return; // cameOnScreen() asks again
    // W's picture is made once per set of weights (a result reuses none: it is cheap to redo).
    const bool needWeights = !m_weights || m_weights->source != outcome->weights;
    m_job.run([outcome, index, needWeights](const std::atomic<bool>& cancel) {
        Prepared p;
        p.outcome = outcome;
        p.patch = std::make_shared<const PatchInspection>(inspectPatch(*outcome, index, cancel));
        if (needWeights)
            p.weights =
                std::make_shared<const WeightPicture>(weightPicture(outcome->weights, cancel));
        return p;
    });
}

void PatchInspector::showHint(const QString& text) {
    m_outcome.reset();
    m_patch.reset();
    m_pixels->setPatch(nullptr);
    m_hint->setText(text);
    m_hint->show();
    m_content->hide();
}

void PatchInspector::show(Prepared prepared) {
    if (m_scrollWanted) // asked for before this patch was laid out: once it is
        QTimer::singleShot(0, this, [this] { scrollTo(*m_scrollWanted); });
    m_outcome = std::move(prepared.outcome);
    m_patch = std::move(prepared.patch);
    if (prepared.weights)
        m_weights = std::move(prepared.weights);
    const PatchInspection& s = *m_patch;
    const JobOutcome& o = *m_outcome;
    const int C = s.channels, P = s.patch.h, Q = s.patch.w, K = s.valuesPerPatch(), D = s.dim();
    const auto N = o.result.grid.count();
    m_hint->hide();
    m_content->show();

    m_title->setText(tr("Patch %1 · row %2, column %3").arg(s.index).arg(s.gy).arg(s.gx));
    QString intro =
        tr("Patch %1 (row %2, column %3 of the %4 × %5 grid) is %6×%7 pixels × %8 = %9 numbers.")
            .arg(s.index)
            .arg(s.gy)
            .arg(s.gx)
            .arg(o.result.grid.gh)
            .arg(o.result.grid.gw)
            .arg(P)
            .arg(Q)
            .arg(C == 1 ? tr("1 channel") : tr("%1 channels").arg(C))
            .arg(K);
    if (s.paddedPixels > 0)
        intro += QLatin1Char(' ') +
                 tr("%1 of its %2 pixel positions lie beyond the image, in the zero padding "
                    "(hatched): they count as 0 after normalisation.")
                     .arg(s.paddedPixels)
                     .arg(P * Q);
    intro += QLatin1Char(' ') + tr("The layer turns them into %1 numbers, its embedding.").arg(D);
    m_intro->setText(intro);

    m_pixels->setPatch(m_patch.get());
    QStringList stats;
    for (int c = 0; c < C; ++c)
        stats << tr("%1: (v/255 − %2) / %3")
                     .arg(channelName(c, C), num(s.mean[std::size_t(c)]),
                          num(s.std[std::size_t(c)]));
    m_pixelNote->setText(tr("Each 8-bit value v is scaled to 0–1, then centred and scaled per "
                            "channel with the dataset's mean and std: %1.")
                             .arg(stats.join(QStringLiteral("; "))));

    m_vectorNote->setText(
        tr("The %1 values are read channel by channel, each channel row by row, each row left to "
           "right: value k holds channel c, row p, column q with k = c·%2 + p·%3 + q. This is "
           "timm's (C, P, Q) order.")
            .arg(K)
            .arg(P * Q)
            .arg(Q));
    m_strip->setVector(s.x, s.xRange, C, P, Q);

    if (m_weights) {
        m_matrix->setPicture(m_weights.get(), C);
        m_matrixNote->setText(
            tr("W has %1 rows (one per output) and %2 columns (one per value of x, in the same "
               "order as the strip above). Row d is filter d: output d is that row times x, plus "
               "bias b_d. Blue is negative, red positive; colours saturate at ±%3 (99% of the "
               "weights lie within, the largest is %4).")
                .arg(D)
                .arg(K)
                .arg(num(m_weights->range))
                .arg(num(m_weights->maxAbs)));
    }

    m_outputsNote->setText(tr("One number per output d: this is row %1 of the %2 × %3 result "
                              "(one row per patch, counted from 0). Bars up are positive, down "
                              "negative; hover one to see how it is made.")
                               .arg(s.index)
                               .arg(N)
                               .arg(D));
    m_preNormTitle->setVisible(s.layerNorm);
    m_preNorm->setVisible(s.layerNorm);
    if (s.layerNorm) {
        m_preNormTitle->setText(tr("W·x + b, before LayerNorm"));
        m_preNorm->setValues(s.preNorm, s.preRange);
        m_outputsTitle->setText(tr("y after LayerNorm: the result"));
    } else {
        m_outputsTitle->setText(tr("y = W·x + b: the result"));
    }
    std::vector<double> result(s.resultRow.begin(), s.resultRow.end());
    m_outputs->setValues(std::move(result), s.resultRange);
    showOutput();
    highlightValue(m_k); // the same position in the new patch
    showMatrixReadout(-1);
}

int PatchInspector::shownPatch() const {
    return m_patch ? m_patch->index : -1;
}

int PatchInspector::shownOutput() const {
    if (!m_patch)
        return -1;
    const int D = m_patch->dim();
    if (m_hoverOutput >= 0 && m_hoverOutput < D)
        return m_hoverOutput;
    const int selected = m_session->selectedFilter();
    return selected >= 0 && selected < D ? selected : 0;
}

std::vector<float> PatchInspector::strip() const {
    return m_patch ? m_patch->x : std::vector<float>{};
}

double PatchInspector::outputValue(int d) const {
    return m_patch && d >= 0 && d < m_patch->dim() ? m_patch->computed[std::size_t(d)]
                                                   : std::numeric_limits<double>::quiet_NaN();
}

double PatchInspector::preNormValue(int d) const {
    return m_patch && d >= 0 && d < m_patch->dim() ? m_patch->preNorm[std::size_t(d)]
                                                   : std::numeric_limits<double>::quiet_NaN();
}

double PatchInspector::convValue(int d) const {
    return m_patch && d >= 0 && d < m_patch->dim() ? double(m_patch->resultRow[std::size_t(d)])
                                                   : std::numeric_limits<double>::quiet_NaN();
}

QString PatchInspector::formulaText() const {
    return QTextDocumentFragment::fromHtml(m_formula->text()).toPlainText();
}

QString PatchInspector::outputsCaption() const {
    if (!m_patch)
        return {};
    return m_patch->layerNorm ? m_preNormTitle->text() + QLatin1Char('\n') + m_outputsTitle->text()
                              : m_outputsTitle->text();
}

QString PatchInspector::hintText() const {
    return m_content->isHidden() ? m_hint->text() : QString();
}

QString PatchInspector::pixelReadout() const {
    return QTextDocumentFragment::fromHtml(m_pixelReadout->text()).toPlainText();
}

void PatchInspector::hoverOutput(int d) {
    m_hoverOutput = d;
    if (d >= 0)
        m_session->selectFilter(d); // the other views follow; filterChanged redraws here
    showOutput();
}

void PatchInspector::pickOutput(int d) {
    m_hoverOutput = -1; // a click or a key decides, until the mouse moves on to another output
    m_session->selectFilter(d);
    showOutput();
}

QString PatchInspector::describeK(int k) const {
    const PatchInspection& s = *m_patch;
    const int block = s.patch.h * s.patch.w;
    return tr("%1, row %2, column %3")
        .arg(channelName(k / block, s.channels))
        .arg((k % block) / s.patch.w)
        .arg(k % s.patch.w);
}

void PatchInspector::showOutput() {
    if (!m_patch || !m_outcome)
        return;
    const PatchInspection& s = *m_patch;
    const int d = shownOutput(), K = s.valuesPerPatch(), D = s.dim();
    m_matrix->setHighlight(d);
    m_outputs->setHighlight(d);
    m_preNorm->setHighlight(d);
    showMatrixReadout(m_matrix->hovered());

    // One row of W times x: K multiply-adds, done here as the mouse moves.
    const PatchEmbedWeights& w = *m_outcome->weights;
    const OutputTerms terms = outputTerms(w, s.x, d, kLargestTerms);
    const float* row = w.proj.data.data() + std::size_t(d) * K;
    m_formulaTitle->setText(tr("5 · Output %1 written out").arg(d));
    std::vector<float> weights(row, row + K), termValues(static_cast<std::size_t>(K));
    double weightRange = 0, productRange = 0;
    for (int k = 0; k < K; ++k) {
        termValues[std::size_t(k)] = row[k] * s.x[std::size_t(k)];
        weightRange = std::max(weightRange, std::abs(double(row[k])));
        productRange = std::max(productRange, std::abs(double(termValues[std::size_t(k)])));
    }
    m_rowTitle->setText(tr("Row %1 of W, in the order of x:").arg(d));
    m_rowStrip->setVector(std::move(weights), weightRange, s.channels, s.patch.h, s.patch.w);
    m_termTitle->setText(tr("Times x, value by value: the %1 terms W[%2,k]·x<sub>k</sub>. A term "
                            "is large where both are; the pointers mark the largest.")
                             .arg(K)
                             .arg(d));
    m_termStrip->setVector(std::move(termValues), productRange, s.channels, s.patch.h, s.patch.w);
    m_termStrip->setMarks(terms.largest);
    highlightValue(m_k);

    const QString yd = QStringLiteral("y<sub>%1</sub>").arg(d);
    QString html = QStringLiteral("<p>");
    html += tr("%1 = Σ<sub>k</sub> W[%2,k]·x<sub>k</sub> + b<sub>%2</sub>: %3 products, added "
               "up, plus the bias.")
                .arg(yd)
                .arg(d)
                .arg(K);
    html += QStringLiteral("<br>");
    const double products = terms.value - terms.bias;
    if (w.bias.empty())
        html +=
            tr("= %1 (this layer has no bias) = <b>%2</b>").arg(num(products), num(terms.value));
    else
        html +=
            tr("= %1 + %2 = <b>%3</b>")
                .arg(num(products),
                     terms.bias < 0 ? QStringLiteral("(%1)").arg(num(terms.bias)) : num(terms.bias),
                     num(terms.value));
    html += QStringLiteral("</p><p>");
    html += tr("Its largest terms, k read as (channel, row, column):");
    html += QStringLiteral("</p><table cellspacing='0' cellpadding='1'><tr>");
    for (const QString& head : {tr("k"), tr("(c, p, q)"), QStringLiteral("W[%1,k]").arg(d),
                                QString(), QStringLiteral("x<sub>k</sub>"), QString(), tr("term")})
        html += QStringLiteral("<th align='right'>&nbsp;%1</th>").arg(head);
    html += QStringLiteral("</tr>");
    double shown = 0;
    const int block = s.patch.h * s.patch.w;
    for (const int k : terms.largest) {
        const double wk = row[k], xk = s.x[std::size_t(k)];
        shown += wk * xk;
        html += QStringLiteral("<tr><td align='right'>%1</td><td align='right'>&nbsp;(%2, %3, "
                               "%4)</td><td align='right'>&nbsp;%5</td><td>&nbsp;×</td>"
                               "<td align='right'>%6</td><td>&nbsp;=</td>"
                               "<td align='right'>%7</td></tr>")
                    .arg(k)
                    .arg(channelName(k / block, s.channels))
                    .arg((k % block) / s.patch.w)
                    .arg(k % s.patch.w)
                    .arg(num(wk), num(xk), num(wk * xk));
    }
    html += QStringLiteral("</table><p>");
    const int rest = K - int(terms.largest.size());
    if (rest > 0)
        html += tr("The other %1 terms add up to %2.").arg(rest).arg(num(products - shown)) +
                QStringLiteral(" ");
    if (s.layerNorm)
        html += tr("LayerNorm then rescales all %1 sums of this patch to mean 0 and variance 1 "
                   "(then its gain and shift): before LayerNorm %2, after LayerNorm <b>%3</b>.")
                    .arg(D)
                    .arg(num(s.preNorm[std::size_t(d)]), num(s.computed[std::size_t(d)]));
    html += QStringLiteral("</p><p>");
    const double conv = s.resultRow[std::size_t(d)];
    const double diff = conv - s.computed[std::size_t(d)];
    const QString diffText = QString::number(diff, 'g', 2).replace(QLatin1Char('-'), QChar(0x2212));
    if (s.layerNorm)
        // The result holds the outputs after LayerNorm; the conv's own output is the sum above.
        html +=
            tr("The Conv2d output at this patch's cell, conv_out[%1, %2, %3], is the sum above, "
               "before LayerNorm. The result stores that output after LayerNorm at [%4, %1] "
               "of the N×D matrix: <b>%5</b>. Difference from this page's LayerNorm of the "
               "sums: %6 (float rounding: the layer adds in float, this page in double).")
                .arg(d)
                .arg(s.gy)
                .arg(s.gx)
                .arg(s.index)
                .arg(num(conv), diffText);
    else
        html += tr("The Conv2d output holds the same number: channel %1 at this patch's cell, "
                   "conv_out[%1, %2, %3], stored at [%4, %1] of the N×D result, is <b>%5</b> (the "
                   "Filter response map shows channel %1 at every patch). Difference from the sum "
                   "above: %6 (float rounding: the layer adds in float, this page in double). A "
                   "Conv2d with stride = kernel = patch is this matrix product.")
                    .arg(d)
                    .arg(s.gy)
                    .arg(s.gx)
                    .arg(s.index)
                    .arg(num(conv), diffText);
    html += QStringLiteral("</p>");
    m_formula->setText(html);

    m_outputsReadout->setText(s.layerNorm ? tr("Output %1: W·x + b = %2; after LayerNorm %3.")
                                                .arg(d)
                                                .arg(num(s.preNorm[std::size_t(d)]), num(conv))
                                          : tr("Output %1: y = %2.").arg(d).arg(num(conv)));
}

void PatchInspector::highlightValue(int k) {
    if (!m_patch)
        return;
    const PatchInspection& s = *m_patch;
    m_k = k >= 0 && k < s.valuesPerPatch() ? k : -1;
    m_pixels->setHighlight(m_k);
    for (VectorStrip* strip : {m_strip, m_rowStrip, m_termStrip})
        strip->setHighlight(m_k);
    if (m_k < 0) {
        m_pixelReadout->setText(tr("Hover a pixel to read its value and where it goes in x."));
        m_vectorReadout->setText(tr("Hover the strip: each value's k, channel, row and column."));
        m_termReadout->setText(tr("Hover a strip to read one term."));
        return;
    }
    k = m_k;
    const int block = s.patch.h * s.patch.w;
    const int c = k / block, p = (k % block) / s.patch.w, q = k % s.patch.w;
    const int raw = s.raw[std::size_t(k)];
    const QString where = describeK(k).toHtmlEscaped();
    if (raw < 0)
        m_pixelReadout->setText(
            tr("%1: padding, no pixel — x<sub>%2</sub> = 0.").arg(where).arg(k));
    else
        m_pixelReadout->setText(tr("%1: raw %2 → (%2/255 − %3) / %4 = %5 = x<sub>%6</sub>.")
                                    .arg(where)
                                    .arg(raw)
                                    .arg(num(s.mean[std::size_t(c)]), num(s.std[std::size_t(c)]),
                                         num(s.x[std::size_t(k)]))
                                    .arg(k));
    m_vectorReadout->setText(tr("x<sub>%1</sub> = %2 — %3: k = %4·%5 + %6·%7 + %8.")
                                 .arg(k)
                                 .arg(num(s.x[std::size_t(k)]), where)
                                 .arg(c)
                                 .arg(block)
                                 .arg(p)
                                 .arg(s.patch.w)
                                 .arg(q));
    const int d = shownOutput();
    const double wk = m_outcome->weights->proj.data[std::size_t(d) * s.valuesPerPatch() + k];
    const double xk = s.x[std::size_t(k)];
    m_termReadout->setText(tr("k %1 (%2): W[%3,%1]·x<sub>%1</sub> = %4 × %5 = %6.")
                               .arg(k)
                               .arg(where)
                               .arg(d)
                               .arg(num(wk), num(xk), num(wk * xk)));
}

void PatchInspector::showMatrixReadout(int d) {
    if (!m_patch)
        return;
    if (d < 0)
        m_matrixReadout->setText(tr("Marked: row %1. Hover or click a row (or a bar below) to "
                                    "pick another output; the arrow keys step one by one.")
                                     .arg(shownOutput()));
    else
        m_matrixReadout->setText(
            tr("Row %1 of W: filter %1, %2 weights.").arg(d).arg(m_patch->valuesPerPatch()));
}

void PatchInspector::resizeEvent(QResizeEvent* e) {
    QWidget::resizeEvent(e);
    m_columns->setDirection(width() >= kTwoColumns ? QBoxLayout::LeftToRight
                                                   : QBoxLayout::TopToBottom);
}

void PatchInspector::scrollTo(Part part) {
    // A page still being prepared is scrolled when it is shown (show() asks again).
    m_scrollWanted = busy() || !m_patch ? std::optional(part) : std::nullopt;
    QWidget* target = part == Part::Pixels   ? static_cast<QWidget*>(m_pixels)
                      : part == Part::Vector ? static_cast<QWidget*>(m_strip)
                                             : static_cast<QWidget*>(m_matrix);
    // After the layout has placed it: a dock just brought forward is laid out on the next pass.
    QTimer::singleShot(0, this, [this, target] {
        m_scroll->verticalScrollBar()->setValue(
            std::max(0, target->mapTo(m_scroll->widget(), QPoint(0, 0)).y() - 60));
    });
}

} // namespace tessera::ui
