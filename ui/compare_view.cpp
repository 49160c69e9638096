#include "compare_view.hpp"

#include "app_words.hpp"
#include "error.hpp"
#include "on_screen.hpp"
#include "resolve_weights.hpp"
#include "session.hpp"

#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QMouseEvent>
#include <QPainter>
#include <QScrollArea>
#include <QVBoxLayout>

#include <algorithm>
#include <cmath>

namespace tessera::ui {

namespace {

constexpr int kCardWidth = 214;     // one small multiple, pixels, at least
constexpr int kMaxCardWidth = 330;  // ... and at most, when the view is wide
constexpr int kPictureHeight = 150; // its picture's box
constexpr int kThumbnailSide = 320; // the run's picture is reduced to this for every card
// No map beyond these: random weights of D·C·P·Q floats, and FlexiViT's resize matrix (P'Q' × PQ
// doubles, pseudo-inverted) grow with the patch's area.
constexpr std::int64_t kMaxMapWeights = 64'000'000;
constexpr std::int64_t kMaxResampledArea = 128 * 128;
// The embeddings are made this many values (patches × D) at a time.
constexpr std::int64_t kBandValues = 1'000'000;

QString sizeText(Size2 s) {
    return s.h == s.w ? QString::number(s.h) : QStringLiteral("%1×%2").arg(s.h).arg(s.w);
}

QString big(double v) {
    return QLocale().toString(v, 'f', 0);
}

// 231.2 M, 1.23 G: FLOPs at a glance.
QString flopsText(double v) {
    if (v >= 1e9)
        return CompareView::tr("%1 G").arg(QLocale().toString(v / 1e9, 'f', 2));
    if (v >= 1e6)
        return CompareView::tr("%1 M").arg(QLocale().toString(v / 1e6, 'f', 1));
    return big(v);
}

// 0.25, 2.5, 16, 246: two significant digits below 10, whole numbers above, never an exponent
// ("2.5e+02" is not something a student should have to read).
QString ratioText(double r) {
    return r >= 10 ? QLocale().toString(r, 'f', 0) : QLocale().toString(r, 'g', 2);
}

// The run's Spec with another patch, and what it gives on the run's image.
struct Planned {
    Spec spec;
    PreprocessPlan plan;
    Arithmetic figures;
    QString error;
};

Planned planFor(const JobOutcome& out, Size2 patch) {
    Planned p;
    p.spec = out.spec;
    p.spec.patch = patch;
    // D and C as the run had them (a file's, when the Spec left them to it).
    p.spec.embedDim = out.dim;
    p.spec.inChans = int(out.input->dim(1));
    if (!p.spec.weightsPath.empty())
        p.spec.resampleWeights = true;
    try {
        // The same preprocessing: only crop-to-multiple depends on the patch.
        p.plan = planPreprocess(out.plan.source, p.spec);
        p.figures = arithmetic(p.spec, p.plan.output);
    } catch (const InputError& e) {
        p.error = appWords(e.what());
    }
    return p;
}

// The per-patch norms of `w` over `x` cut by `grid`, made a band of patch rows at a time: the same
// patches as patchEmbed(x) (dynamic padding reproduces the last band's padding; strict and none
// grids lie inside x), without holding all N×D embeddings.
std::vector<float> bandedNorms(const Tensor& x, const PatchEmbedWeights& w, const PatchGrid& grid,
                               EmbedOptions options, const Progress& progress) {
    options.pad = PadPolicy::Dynamic;
    options.imgSize.reset();
    const int c = int(x.dim(1)), h = int(x.dim(2)), width = int(x.dim(3));
    const int P = grid.patch.h;
    const int usedW = std::min(width, grid.gw * grid.patch.w);
    const int bandRows =
        int(std::clamp<std::int64_t>(kBandValues / (std::int64_t(grid.gw) * w.dim()), 1, grid.gh));
    std::vector<float> norms;
    norms.reserve(std::size_t(grid.count()));
    for (int gy = 0; gy < grid.gh; gy += bandRows) {
        const int rows = std::min(bandRows, grid.gh - gy);
        const int y0 = gy * P, y1 = std::min((gy + rows) * P, h);
        Tensor band({1, c, y1 - y0, usedW});
        for (int ch = 0; ch < c; ++ch)
            for (int y = y0; y < y1; ++y)
                std::copy_n(x.data.data() + (std::size_t(ch) * h + y) * width, usedW,
                            band.data.data() + (std::size_t(ch) * (y1 - y0) + (y - y0)) * usedW);
        const Result r = patchEmbed(band, w, options);
        if (r.grid.gw != grid.gw || r.grid.gh != rows)
            throw InputError("internal: a band's grid differs from the image's");
        norms.insert(norms.end(), r.norms.data.begin(), r.norms.data.end());
        if (progress && !progress(norms.size(), std::size_t(grid.count())))
            throw Cancelled();
    }
    return norms;
}

} // namespace

// All the cards in one widget: painted, clicked, laid out in as many columns as fit.
class CompareCards : public QWidget {
  public:
    CompareCards(CompareView* view, const QList<CompareView::Entry>* entries)
        : QWidget(view), m_entries(entries) {
        setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Preferred);
    }
    int columns() const { return std::max(1, width() / kCardWidth); }
    int cardWidth() const {
        return std::min(kMaxCardWidth, std::max(kCardWidth, width() / columns()));
    }
    int cardHeight() const { return kPictureHeight + 7 * fontMetrics().height() + 16; }
    QRect cardRect(int i) const {
        const int cols = columns();
        const int w = cardWidth();
        const int left = std::max(0, (width() - cols * w) / 2);
        return QRect(left + (i % cols) * w, (i / cols) * cardHeight(), w, cardHeight())
            .adjusted(4, 4, -4, -4);
    }
    bool hasHeightForWidth() const override { return true; }
    int heightForWidth(int w) const override {
        const int cols = std::max(1, w / kCardWidth);
        return int((m_entries->size() + cols - 1) / cols) * cardHeight();
    }
    QSize sizeHint() const override { return {2 * kCardWidth, heightForWidth(2 * kCardWidth)}; }
    std::function<void(int)> onClick;

  protected:
    void paintEvent(QPaintEvent* event) override {
        QPainter p(this);
        for (int i = 0; i < m_entries->size(); ++i)
            if (cardRect(i).intersects(event->rect()))
                paintCard(p, i);
    }
    void mousePressEvent(QMouseEvent* event) override {
        for (int i = 0; i < m_entries->size(); ++i)
            if (cardRect(i).contains(event->position().toPoint()) && onClick)
                onClick(i);
    }

  private:
    void paintCard(QPainter& p, int i) const {
        const CompareView::Entry& e = (*m_entries)[i];
        const QRect card = cardRect(i);
        const QPalette& pal = palette();
        p.setRenderHint(QPainter::Antialiasing, false);
        p.fillRect(card, pal.color(QPalette::Base));
        p.setPen(e.current ? QPen(pal.color(QPalette::Highlight), 3)
                           : QPen(pal.color(QPalette::Mid)));
        p.drawRect(card.adjusted(1, 1, -1, -1));
        const QFontMetrics fm = fontMetrics();
        const int lh = fm.height();
        QRect line(card.left() + 8, card.top() + 6, card.width() - 16, lh);
        QFont bold = font();
        bold.setBold(true);
        p.setFont(bold);
        p.setPen(pal.color(QPalette::Text));
        p.drawText(line, Qt::AlignLeft | Qt::AlignVCenter,
                   e.current ? CompareView::tr("P = %1 · current").arg(sizeText(e.patch))
                             : CompareView::tr("P = %1").arg(sizeText(e.patch)));
        p.setFont(font());
        const QRect box(card.left() + 8, line.bottom() + 4, card.width() - 16, kPictureHeight);
        if (!e.error.isEmpty()) {
            p.setPen(QColor(192, 57, 43));
            p.drawText(box.adjusted(0, 4, 0, 0), Qt::AlignLeft | Qt::AlignTop | Qt::TextWordWrap,
                       CompareView::tr("Cannot cut this input: %1").arg(e.error));
            return;
        }
        paintPicture(p, e, box);
        const Arithmetic& a = e.figures;
        const double currentPairs = currentAttention();
        QStringList lines{
            CompareView::tr("%1 × %2 = %3 patches")
                .arg(a.grid.gh)
                .arg(a.grid.gw)
                .arg(big(a.patches)),
            CompareView::tr("K = C·P·Q = %1·%2·%3 = %4")
                .arg(a.channels)
                .arg(e.patch.h)
                .arg(e.patch.w)
                .arg(big(double(a.valuesPerPatch))),
            CompareView::tr("%1 params · %2 FLOPs")
                .arg(big(double(a.params())), flopsText(a.flops)),
            e.current || currentPairs <= 0
                ? CompareView::tr("T = %1 tokens: attention T² = %2")
                      .arg(big(a.tokens), big(a.attentionPairs))
                : CompareView::tr("T = %1 tokens: attention ×%2")
                      .arg(big(a.tokens), ratioText(a.attentionPairs / currentPairs)),
        };
        if (e.resampledFrom)
            lines << CompareView::tr("kernel PI-resized from %1").arg(sizeText(*e.resampledFrom));
        if (!e.mapNote.isEmpty())
            lines << e.mapNote;
        else if (e.scene.map.empty())
            lines << CompareView::tr("computing the norm map…");
        line.moveTop(box.bottom() + 4);
        p.setPen(pal.color(QPalette::Text));
        for (const QString& text : lines) {
            p.drawText(line, Qt::AlignLeft | Qt::AlignVCenter,
                       fm.elidedText(text, Qt::ElideRight, line.width()));
            line.translate(0, lh);
        }
    }

    void paintPicture(QPainter& p, const CompareView::Entry& e, const QRect& box) const {
        const io::OverlayScene& s = e.scene;
        const QRectF content = s.contentRect();
        if (content.isEmpty())
            return;
        const double scale =
            std::min(box.width() / content.width(), box.height() / content.height());
        const QPointF offset(
            box.left() + (box.width() - content.width() * scale) / 2 - content.left() * scale,
            box.top() + (box.height() - content.height() * scale) / 2 - content.top() * scale);
        p.save();
        p.setClipRect(box);
        if (s.picture.isNull())
            p.fillRect(QRectF(offset, content.size() * scale), palette().color(QPalette::Mid));
        else {
            io::OverlayStyle style;
            style.labels = false;
            style.map = !s.map.empty();
            paintScene(p, s, style, scale, offset, QRectF(box));
        }
        p.restore();
    }

    double currentAttention() const {
        for (const CompareView::Entry& e : *m_entries)
            if (e.current && e.error.isEmpty())
                return e.figures.attentionPairs;
        return 0;
    }

    const QList<CompareView::Entry>* m_entries;
};

// The editor loses focus while the widgets are destroyed and says editingFinished then: by that
// time this object is only a QWidget, and readEditor() must not run (UBSan found it).
CompareView::~CompareView() {
    m_editor->disconnect(this);
}

CompareView::CompareView(Session* session, QWidget* parent)
    : QWidget(parent), m_session(session),
      m_job(
          this, [this](MadeMap made) { showMap(std::move(made)); },
          [this](const QString& error) {
              // A map that failed says why on its card; the next card's map goes on.
              if (m_pending >= 0 && m_pending < m_entries.size())
                  m_entries[m_pending].mapNote = tr("no map: %1").arg(error);
              m_cards->update();
              requestNextMap();
          }) {
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(4, 4, 4, 4);
    layout->setSpacing(4);
    auto* row = new QHBoxLayout;
    auto* label = new QLabel(tr("Patch sizes:"), this);
    m_editor = new QLineEdit(this);
    m_editor->setToolTip(tr("Patch sizes to compare, separated by commas: 16 for 16×16, 8x12 for "
                            "8 rows by 12 columns. The current patch is always shown."));
    label->setBuddy(m_editor);
    row->addWidget(label);
    row->addWidget(m_editor, 1);
    layout->addLayout(row);
    m_editorError = new QLabel(this);
    m_editorError->setStyleSheet(QStringLiteral("color:#c0392b"));
    m_editorError->setWordWrap(true);
    m_editorError->hide();
    layout->addWidget(m_editorError);
    // The caption scrolls with the cards: in a narrow dock it takes many lines.
    auto* scroll = new QScrollArea(this);
    scroll->setWidgetResizable(true);
    scroll->setFrameShape(QFrame::NoFrame);
    auto* content = new QWidget(scroll);
    auto* contentLayout = new QVBoxLayout(content);
    contentLayout->setContentsMargins(0, 0, 0, 0);
    m_caption = new QLabel(content);
    m_caption->setWordWrap(true);
    contentLayout->addWidget(m_caption);
    m_cards = new CompareCards(this, &m_entries);
    contentLayout->addWidget(m_cards);
    contentLayout->addStretch(1);
    m_cards->onClick = [this](int i) {
        if (i < m_entries.size() && m_entries[i].error.isEmpty())
            emit patchSizeChosen(m_entries[i].patch);
    };
    scroll->setWidget(content);
    layout->addWidget(scroll, 1);

    connect(m_editor, &QLineEdit::editingFinished, this, &CompareView::readEditor);
    connect(session, &Session::resultReady, this,
            [this] { rebuildWhenSeen(this, m_rebuildOwed, [this] { rebuild(); }); });
    setPatchSizes({{8, 8}, {14, 14}, {16, 16}, {32, 32}});
}

void CompareView::setPatchSizes(const QList<Size2>& sizes) {
    m_sizes.clear();
    for (const Size2& s : sizes)
        if (s.h >= 1 && s.w >= 1 && !m_sizes.contains(s))
            m_sizes.append(s);
    QStringList parts;
    for (const Size2& s : m_sizes)
        parts << (s.h == s.w ? QString::number(s.h) : QStringLiteral("%1x%2").arg(s.h).arg(s.w));
    m_editor->setText(parts.join(QStringLiteral(", ")));
    m_editorError->hide();
    rebuild();
}

void CompareView::readEditor() {
    QList<Size2> sizes;
    for (const QString& part : m_editor->text().split(QLatin1Char(','), Qt::SkipEmptyParts)) {
        try {
            sizes.append(parseSize2(part.trimmed().toStdString(), "patch size"));
        } catch (const InputError& e) {
            m_editorError->setText(appWords(e.what()));
            m_editorError->show();
            return;
        }
    }
    if (sizes != m_sizes)
        setPatchSizes(sizes);
}

QRect CompareView::entryRect(int i) const {
    if (i < 0 || i >= m_entries.size())
        return {};
    const QRect r = m_cards->cardRect(i);
    return QRect(m_cards->mapTo(this, r.topLeft()), r.size());
}

QString CompareView::caption() const {
    return m_caption->text();
}

void CompareView::rebuild() {
    ++m_generation;
    m_job.cancel();
    const auto out = m_session->currentShared();
    if (out != m_out)
        m_thumbnail = {};
    m_out = out && out->ok() && out->input && out->view ? out : nullptr;
    m_entries.clear();
    if (!m_out) {
        m_caption->setText(tr("Open an image: its patches will be shown here cut with each patch "
                              "size side by side."));
        m_cards->updateGeometry();
        m_cards->update();
        return;
    }
    const JobOutcome& o = *m_out;
    const Size2 current = o.result.grid.patch;
    QList<Size2> sizes = m_sizes;
    if (!sizes.contains(current))
        sizes.append(current);
    std::stable_sort(sizes.begin(), sizes.end(), [](Size2 a, Size2 b) {
        return std::int64_t(a.h) * a.w < std::int64_t(b.h) * b.w;
    });
    const io::OverlayScene& base = o.view->scene;
    const Size2 filePatch =
        o.loaded && !o.spec.weightsPath.empty() ? o.loaded->weights.patch() : Size2{};
    for (const Size2& s : sizes) {
        const Planned p = planFor(o, s);
        Entry e;
        e.patch = s;
        e.current = s == current;
        e.error = p.error;
        e.figures = p.figures;
        if (!e.error.isEmpty()) {
            m_entries.append(e);
            continue;
        }
        if (filePatch.h > 0 && s != filePatch)
            e.resampledFrom = filePatch;
        e.scene.picture = m_thumbnail;
        e.scene.size = base.size;
        e.scene.patches = p.figures.grid;
        e.scene.crop = QRectF(p.plan.cropX, p.plan.cropY, p.plan.output.w, p.plan.output.h);
        e.scene.grid =
            QRectF(p.plan.cropX, p.plan.cropY, p.figures.grid.gw * s.w, p.figures.grid.gh * s.h);
        if (e.current)
            e.scene.map = base.map;
        else if (p.figures.weightParams > kMaxMapWeights)
            e.mapNote = tr("no map: %1 MB of weights").arg(big(4.0 * p.figures.weightParams / 1e6));
        else if (e.resampledFrom && std::int64_t(s.h) * s.w > kMaxResampledArea)
            e.mapNote = tr("no map: too large to PI-resize");
        m_entries.append(e);
    }
    // The caption: the smallest patch that cuts, against the current one, in numbers.
    const Entry* small = nullptr;
    const Entry* now = nullptr;
    for (const Entry& e : m_entries) {
        if (!e.error.isEmpty())
            continue;
        if (!small)
            small = &e;
        if (e.current)
            now = &e;
    }
    if (small && now && small != now)
        m_caption->setText(
            tr("The same image cut with each patch size. At P = %1 it gives %2 patches, %3× as "
               "many as at the current %4 (%5), and every attention layer after the patch "
               "embedding compares %6× as many pairs of tokens. The patch embedding itself costs "
               "about the same (%7 against %8 FLOPs: each pixel meets D weights once, whatever "
               "P), while its weights grow with P². Click a card to use its size.")
                .arg(sizeText(small->patch), big(small->figures.patches),
                     ratioText(double(small->figures.patches) / now->figures.patches),
                     sizeText(now->patch), big(now->figures.patches),
                     ratioText(small->figures.attentionPairs / now->figures.attentionPairs),
                     flopsText(small->figures.flops), flopsText(now->figures.flops)));
    else
        m_caption->setText(tr("The same image cut with each patch size: smaller patches give more "
                              "tokens, and attention compares every pair of them. Click a card to "
                              "use its size."));
    m_cards->updateGeometry();
    m_cards->update();
    requestNextMap();
}

void CompareView::showEvent(QShowEvent* event) {
    QWidget::showEvent(event);
    cameOnScreen();
}

void CompareView::cameOnScreen() {
    if (std::exchange(m_rebuildOwed, false))
        return rebuild();
    if (!m_job.busy())
        requestNextMap();
}

void CompareView::requestNextMap() {
    // A hidden view makes no maps: five more embeddings per result would slow the run itself.
    if (!m_out || !onScreen(this))
        return;
    int index = -1;
    for (int i = 0; i < m_entries.size() && index < 0; ++i) {
        const Entry& e = m_entries[i];
        if (e.error.isEmpty() && e.mapNote.isEmpty() &&
            (e.scene.map.empty() || e.scene.picture.isNull()))
            index = i;
    }
    if (index < 0)
        return;
    const Entry& e = m_entries[index];
    const std::shared_ptr<const JobOutcome> out = m_out;
    const Planned planned = planFor(*out, e.patch);
    const bool needMap = e.scene.map.empty();
    const std::uint64_t generation = m_generation;
    const QImage thumbnail = m_thumbnail;
    m_pending = index;
    m_job.run([=](const std::atomic<bool>& cancel) {
        MadeMap made;
        made.generation = generation;
        made.index = index;
        made.thumbnail = thumbnail;
        if (made.thumbnail.isNull()) {
            const io::OverlayScene& base = out->view->scene;
            const double side = std::max(base.size.width(), base.size.height());
            made.thumbnail = base.reducedFor(std::min(1.0, kThumbnailSide / side)).picture;
        }
        if (!needMap)
            return made;
        const Progress progress = [&](std::size_t, std::size_t) { return !cancel.load(); };
        const Spec& spec = planned.spec;
        const PatchGrid& grid = planned.figures.grid;
        const PreprocessPlan& plan = planned.plan;
        // Crop-to-multiple crops each patch size differently; the other fits share the input.
        Tensor cropped;
        const Tensor* x = out->input.get();
        if (plan.output != out->plan.output || plan.cropX != out->plan.cropX ||
            plan.cropY != out->plan.cropY) {
            x = nullptr;
            if (plan.resized == out->plan.resized) {
                cropped = cropAndNormalize(*out->resized, plan, spec);
                cropped.shape.insert(cropped.shape.begin(), 1);
                x = &cropped;
            }
        }
        try {
            if (!x)
                throw InputError(
                    CompareView::tr("this patch size needs another resize of the image")
                        .toStdString());
            std::optional<FoundWeights> file;
            if (out->loaded && !spec.weightsPath.empty())
                file = fitToSpec(spec, *out->loaded);
            const PatchEmbedWeights w = weightsFor(spec, file, *x, grid, progress);
            const std::vector<float> norms = bandedNorms(*x, w, grid, embedOptions(spec), progress);
            made.map =
                io::scalarMap(norms.data(), grid.gw, grid.gh, io::Palette::Viridis, tr("norm"));
        } catch (const InputError& e) {
            made.note = tr("no map: %1").arg(appWords(e.what()));
        }
        return made;
    });
}

void CompareView::showMap(MadeMap made) {
    if (made.generation != m_generation || made.index >= m_entries.size())
        return;
    m_pending = -1;
    m_thumbnail = made.thumbnail;
    for (Entry& e : m_entries)
        if (e.error.isEmpty())
            e.scene.picture = m_thumbnail;
    Entry& e = m_entries[made.index];
    if (!made.map.empty())
        e.scene.map = std::move(made.map);
    else if (e.scene.map.empty())
        e.mapNote = made.note.isEmpty() ? tr("no map") : made.note;
    m_cards->update();
    requestNextMap();
}

} // namespace tessera::ui
