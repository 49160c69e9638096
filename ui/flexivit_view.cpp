#include "flexivit_view.hpp"

#include "analysis.hpp"
#include "filters_render.hpp"
#include "on_screen.hpp"
#include "session.hpp"

#include <QGridLayout>
#include <QLabel>
#include <QLocale>
#include <QPixmap>
#include <QVBoxLayout>

#include <algorithm>
#include <cmath>

namespace tessera::ui {

namespace {

constexpr int kPictureSide = 150; // each kernel is drawn this large, whatever its size

QString sizeText(Size2 s) {
    return QStringLiteral("%1×%2").arg(s.h).arg(s.w);
}

QString number(double v) {
    return QLocale().toString(v, 'g', 6);
}

// Filter d of a (D, C, P, Q) kernel as a (1, C, P, Q) kernel of its own.
Tensor oneFilter(const Tensor& kernel, int d) {
    const std::span<const float> row = kernelRow(kernel, d);
    return Tensor({1, kernel.dim(1), kernel.dim(2), kernel.dim(3)},
                  std::vector<float>(row.begin(), row.end()));
}

// The file's kernel and the run's, when the run PI-resized one; else null.
bool resized(const JobOutcome& out) {
    return out.ok() && out.loaded && out.weights && !out.spec.weightsPath.empty() &&
           out.loaded->weights.patch() != out.weights->patch();
}

} // namespace

FlexiVitView::FlexiVitView(Session* session, QWidget* parent)
    : QWidget(parent), m_session(session),
      m_job(
          this, [this](Made made) { showMade(std::move(made)); },
          [this](const QString& error) { showHint(error); }) {
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(6, 6, 6, 6);
    layout->setSpacing(6);
    m_title = new QLabel(this);
    m_title->setWordWrap(true);
    m_title->setTextFormat(Qt::RichText);
    layout->addWidget(m_title);
    m_row = new QWidget(this);
    auto* grid = new QGridLayout(m_row);
    grid->setContentsMargins(0, 0, 0, 0);
    for (int i = 0; i < 3; ++i) {
        m_pictures[i] = new QLabel(m_row);
        m_pictures[i]->setAlignment(Qt::AlignCenter);
        m_pictures[i]->setMinimumSize(kPictureSide, kPictureSide);
        m_captions[i] = new QLabel(m_row);
        m_captions[i]->setAlignment(Qt::AlignHCenter | Qt::AlignTop);
        m_captions[i]->setWordWrap(true);
        grid->addWidget(m_pictures[i], 0, i);
        grid->addWidget(m_captions[i], 1, i);
    }
    layout->addWidget(m_row);
    m_text = new QLabel(this);
    m_text->setWordWrap(true);
    m_text->setTextFormat(Qt::RichText);
    m_text->setAlignment(Qt::AlignLeft | Qt::AlignTop);
    layout->addWidget(m_text, 1);

    connect(session, &Session::resultReady, this, &FlexiVitView::request);
    connect(session, &Session::selectionChanged, this, &FlexiVitView::request);
    connect(session, &Session::filterChanged, this, &FlexiVitView::request);
    request();
}

QImage FlexiVitView::kernelImage(int which) const {
    return which >= 0 && which < 3 ? m_images[std::size_t(which)] : QImage();
}

QString FlexiVitView::text() const {
    return m_text->text();
}

void FlexiVitView::showHint(const QString& hint) {
    m_check.reset();
    m_images = {};
    m_row->hide();
    m_title->setText(tr("<b>FlexiViT: resizing a trained kernel</b>"));
    m_text->setText(hint);
}

void FlexiVitView::cameOnScreen() {
    request();
}

void FlexiVitView::request() {
    ++m_generation;
    const auto out = m_session->currentShared();
    if (!out || !out->ok()) {
        m_job.cancel();
        showHint(tr("Open an image to start."));
        return;
    }
    if (!resized(*out)) {
        m_job.cancel();
        const QString how =
            tr("A model trained with one patch size can be used with another: FlexiViT resizes "
               "its kernel with a pseudo-inverse (PI-resize) so that every token stays the same. "
               "To see it: load a checkpoint (Weights: from file), turn on “PI-resize kernel to "
               "the patch size (FlexiViT)” and choose another patch size, for example 8 or 24 for "
               "a 16×16 checkpoint.");
        if (out->loaded && !out->spec.weightsPath.empty())
            showHint(tr("The checkpoint's patches are %1, and so are the run's: nothing was "
                        "resized.")
                         .arg(sizeText(out->loaded->weights.patch())) +
                     QStringLiteral(" ") + how);
        else
            showHint(how);
        return;
    }
    if (!onScreen(this)) {
        m_job.cancel();
        return; // cameOnScreen() asks again
    }
    const int d = std::clamp(m_session->selectedFilter(), 0, out->weights->dim() - 1);
    const int patch =
        int(std::clamp<std::int64_t>(m_session->selected(), 0, out->result.grid.count() - 1));
    const std::uint64_t generation = m_generation;
    m_job.run([out, d, patch, generation](const std::atomic<bool>&) {
        Made made;
        made.generation = generation;
        made.filter = d;
        made.patch = patch;
        const Tensor wOld = oneFilter(out->loaded->weights.proj, d);
        const Tensor wNew = oneFilter(out->weights->proj, d);
        const Tensor wBil = bilinearPatchKernel(wOld, out->weights->patch());
        const std::vector<float> x = packedPatch(*out->input, out->result.grid, patch);
        made.check = flexiVitCheck(x, wOld, wNew, wBil, 0);
        float m = 0;
        for (const Tensor* t : {&wOld, &wNew, &wBil})
            for (float v : t->data)
                if (std::isfinite(v))
                    m = std::max(m, std::abs(v));
        made.range = m;
        int i = 0;
        for (const Tensor* t : {&wOld, &wNew, &wBil})
            made.pictures[std::size_t(i++)] =
                weightsImage(t->data.data(), int(t->dim(1)), int(t->dim(2)), int(t->dim(3)), -m, m);
        return made;
    });
}

void FlexiVitView::showMade(Made made) {
    if (made.generation != m_generation)
        return;
    const auto out = m_session->currentShared();
    if (!out || !resized(*out))
        return;
    m_check = made.check;
    m_images = made.pictures;
    m_patch = made.patch;
    m_filter = made.filter;
    const Size2 from = out->loaded->weights.patch(), to = out->weights->patch();
    const Check& c = made.check;
    m_title->setText(tr("<b>FlexiViT: the checkpoint's %1 kernel used with %2 patches</b> "
                        "(filter d = %3, patch %4; grey is 0, one scale ±%5 for all three)")
                         .arg(sizeText(from), sizeText(to))
                         .arg(made.filter)
                         .arg(made.patch)
                         .arg(number(made.range)));
    const QStringList captions{
        tr("original, %1\n(from the file)").arg(sizeText(from)),
        tr("PI-resized, %1\n(what the run uses)").arg(sizeText(to)),
        tr("bilinear, %1\n(plain resize, not used)").arg(sizeText(to)),
    };
    for (int i = 0; i < 3; ++i) {
        const QImage& img = m_images[std::size_t(i)];
        m_pictures[i]->setPixmap(QPixmap::fromImage(
            img.scaled(kPictureSide, kPictureSide, Qt::KeepAspectRatio, Qt::FastTransformation)));
        m_captions[i]->setText(captions[i]);
    }
    m_row->show();
    const double area = double(to.h) * to.w / (double(from.h) * from.w);
    const QString setting =
        tr("Take patch %1 as the checkpoint would have seen it: resized to %2 with the same "
           "antialiased bicubic resampler timm uses (call it x). With the file's filter %3, "
           "⟨x, w_old⟩ = <b>%4</b>. Resize x to the run's %5 (R·x) and use the PI-resized filter: "
           "⟨R·x, w_new⟩ = <b>%6</b>.")
            .arg(made.patch)
            .arg(sizeText(from))
            .arg(made.filter)
            .arg(number(c.original))
            .arg(sizeText(to))
            .arg(number(c.piResized));
    const QString verdict =
        area >= 1
            ? tr("The same token, to float rounding (they differ by %1): PI-resize solves for "
                 "the kernel that keeps ⟨R·x, w_new⟩ = ⟨x, w_old⟩ for every patch, "
                 "w_new = pinv(R)ᵀ·w_old. Its weights are about %2× smaller (fainter above) "
                 "because they now cover %3× as many pixels.")
                  .arg(number(std::abs(c.piResized - c.original)))
                  .arg(QLocale().toString(1 / area, 'f', 2))
                  .arg(QLocale().toString(area, 'f', 2))
            : tr("Going down to a smaller patch loses detail, so no kernel can keep every token: "
                 "PI-resize keeps them as well as possible on average (least squares, "
                 "w_new = pinv(R)ᵀ·w_old). Here they differ by %1.")
                  .arg(number(std::abs(c.piResized - c.original)));
    const QString ratio =
        QLocale().toString(c.original != 0 ? c.bilinear / c.original : 0.0, 'f', 2);
    const QString bilinear =
        (area >= 1 ? tr("A plain bilinear resize of the filter gives ⟨R·x, bilinear(w_old)⟩ = "
                        "<b>%1</b>, %2× the original: its weights keep their size but now cover "
                        "%3× as many pixels, so the token changes and the layers after the patch "
                        "embedding would see other numbers.")
                   : tr("A plain bilinear resize of the filter gives ⟨R·x, bilinear(w_old)⟩ = "
                        "<b>%1</b>, %2× the original: its weights keep their size but now cover "
                        "only %3 of the pixels, so the token changes and the layers after the "
                        "patch embedding would see other numbers."))
            .arg(number(c.bilinear), ratio, QLocale().toString(area, 'f', 2)) +
        QStringLiteral(" ") + tr("(The bias b_d is left out: it is added to each side alike.)");
    m_text->setText(setting + QStringLiteral("<br><br>") + verdict + QStringLiteral("<br><br>") +
                    bilinear);
}

} // namespace tessera::ui
