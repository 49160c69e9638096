#include "patch_maps.hpp"

#include "compute_job.hpp"
#include "image_view.hpp"
#include "session.hpp"

#include <QTimer>

#include <algorithm>
#include <cmath>
#include <limits>

namespace tessera::ui {
namespace {

constexpr MapKindRow kMapKinds[] = {
    {MapKind::Norm, "", QT_TRANSLATE_NOOP("tessera::ui::PatchMaps", "Norm")},
    {MapKind::FilterResponse, "", QT_TRANSLATE_NOOP("tessera::ui::PatchMaps", "Filter response")},
    {MapKind::Similarity, "similarity", QT_TRANSLATE_NOOP("tessera::ui::PatchMaps", "Similarity")},
    {MapKind::PcaColours, "pca", QT_TRANSLATE_NOOP("tessera::ui::PatchMaps", "PCA colours")},
};
static_assert(std::size(kMapKinds) == std::size_t(MapKind::PcaColours) + 1,
              "every MapKind has a row");

// Unqualified: lupdate takes a function returning io::PatchMap for one of io's, and then gives
// the PatchMaps::tr texts inside it the wrong context.
using io::PatchMap;

PatchMap hint(const QString& title, const QString& note) {
    PatchMap m;
    m.title = title;
    m.note = note;
    return m;
}

std::shared_ptr<const PcaFit> fitPca(const JobOutcome& out, const MapOptions& o,
                                     const std::atomic<bool>& cancel) {
    const Tensor& e = out.result.embeddings;
    const std::int64_t n = e.dim(1), d = e.dim(2);
    auto fit = std::make_shared<PcaFit>();
    fit->generation = out.generation;
    fit->foregroundOnly = o.foregroundOnly;
    fit->foreground = o.foreground;
    fit->fitted.assign(std::size_t(n), 1);
    if (o.foregroundOnly)
        for (std::int64_t i = 0; i < n; ++i)
            fit->fitted[std::size_t(i)] = out.result.norms.data[std::size_t(i)] >= o.foreground;
    fit->fittedCount = std::count(fit->fitted.begin(), fit->fitted.end(), std::uint8_t(1));
    if (fit->fittedCount < 2)
        throw InputError(PatchMaps::tr("PCA needs at least 2 patches with norm ≥ %1; %2 have it")
                             .arg(o.foreground)
                             .arg(fit->fittedCount)
                             .toStdString());
    const int count = int(std::min<std::int64_t>(d, 16)); // room to choose other components
    fit->pca = pca(e.data.data(), n, d, count, fit->fitted,
                   [&](std::size_t, std::size_t) { return !cancel.load(); });
    fit->coords = project(fit->pca, e.data.data(), n);
    return fit;
}

PatchMap pcaMap(const JobOutcome& out, const MapOptions& o, const PcaFit& fit) {
    const PatchGrid& g = out.result.grid;
    const std::int64_t n = g.count();
    const int k = fit.pca.count();
    std::vector<float> rgb(std::size_t(3 * n), std::numeric_limits<float>::quiet_NaN());
    QStringList channels;
    for (int c = 0; c < 3; ++c) {
        const int comp = std::clamp(o.components[std::size_t(c)], 0, k - 1);
        // Each component min-max scaled over the fitted patches, as DINO's pictures are.
        float lo = std::numeric_limits<float>::infinity(), hi = -lo;
        for (std::int64_t i = 0; i < n; ++i)
            if (fit.fitted[std::size_t(i)]) {
                lo = std::min(lo, fit.coords[std::size_t(i * k + comp)]);
                hi = std::max(hi, fit.coords[std::size_t(i * k + comp)]);
            }
        for (std::int64_t i = 0; i < n; ++i)
            if (fit.fitted[std::size_t(i)])
                rgb[std::size_t(3 * i + c)] =
                    hi > lo ? (fit.coords[std::size_t(i * k + comp)] - lo) / (hi - lo) : 0.5f;
        channels << PatchMaps::tr("PC%1: %2 %")
                        .arg(comp + 1)
                        .arg(100 * fit.pca.explained(comp), 0, 'f', 1);
    }
    PatchMap m =
        io::rgbMap(rgb.data(), g.gw, g.gh,
                   PatchMaps::tr("PCA colours: three principal components of the embeddings as "
                                 "red, green and blue"),
                   channels);
    m.note =
        fit.foregroundOnly
            ? PatchMaps::tr(
                  "Fitted on the %1 of %2 patches with norm ≥ %3; the others are left clear.")
                  .arg(fit.fittedCount)
                  .arg(n)
                  .arg(fit.foreground)
            : PatchMaps::tr("Fitted on all %1 patches. Patches with similar colours have similar "
                            "embeddings.")
                  .arg(n);
    m.note +=
        u' ' + PatchMaps::tr("%: the share of the embeddings' variance a component explains.");
    return m;
}

} // namespace

std::span<const MapKindRow> mapKinds() {
    return kMapKinds;
}

MadeMap makeMap(const JobOutcome& out, const MapOptions& o, int patch, int filter,
                std::shared_ptr<const PcaFit> fit, const std::atomic<bool>& cancel) {
    const PatchGrid& g = out.result.grid;
    const Tensor& e = out.result.embeddings;
    const std::int64_t n = g.count(), d = e.dim(2);
    MadeMap made;
    switch (o.kind) {
    case MapKind::Norm:
        made.map = out.view->scene.map;
        made.map.title = PatchMaps::tr("Norm of each patch's embedding, ‖y‖");
        if (out.spec.norm == NormKind::LayerNorm && out.weights->normWeight.empty())
            made.map.note =
                PatchMaps::tr("LayerNorm makes every norm ≈ √D = %1: these colours show only "
                              "what its eps leaves.")
                    .arg(std::sqrt(double(d)), 0, 'f', 2);
        break;
    case MapKind::FilterResponse: {
        if (filter < 0 || filter >= d) {
            made.map = hint(
                PatchMaps::tr("Filter response"),
                PatchMaps::tr("Pick a filter: click one in the Filters view, or an output in the "
                              "Patch inspector."));
            break;
        }
        const std::vector<float> response = column(e, filter);
        made.map = io::scalarMap(
            response.data(), g.gw, g.gh, io::Palette::Diverging,
            PatchMaps::tr("Filter %1's response: output %1 at every patch").arg(filter));
        made.map.valueName = PatchMaps::tr("output %1").arg(filter);
        made.map.note =
            PatchMaps::tr("This is channel %1 of the Conv2d output: filter %1 slid over the "
                          "image, one step per patch.")
                .arg(filter);
        break;
    }
    case MapKind::Similarity: {
        if (patch < 0 || patch >= n) {
            made.map = hint(PatchMaps::tr("Similarity"),
                            PatchMaps::tr("Click a patch to compare every patch with it."));
            break;
        }
        const std::vector<float> sim = cosineSimilarity(e.data.data(), n, d, patch);
        made.map =
            io::scalarMap(sim.data(), g.gw, g.gh, io::Palette::Viridis,
                          PatchMaps::tr("Cosine similarity of each patch to patch %1").arg(patch));
        made.map.valueName = PatchMaps::tr("similarity to patch %1").arg(patch);
        const int k = int(std::min<std::int64_t>(o.similar, n - 1));
        for (const std::int64_t i : mostSimilar(sim, patch, k))
            made.map.outlined << int(i);
        made.map.note =
            PatchMaps::tr(
                "Outlined: the %1 most similar (k = %1). Patch %2 has similarity 1 with itself.")
                .arg(k)
                .arg(patch);
        break;
    }
    case MapKind::PcaColours: {
        if (!fit || fit->generation != out.generation || fit->foregroundOnly != o.foregroundOnly ||
            (o.foregroundOnly && fit->foreground != o.foreground))
            fit = fitPca(out, o, cancel);
        made.map = pcaMap(out, o, *fit);
        made.fit = fit;
        break;
    }
    }
    return made;
}

PatchMaps::PatchMaps(Session* session, ImageView* view, QObject* parent)
    : QObject(parent), m_session(session), m_view(view),
      m_job(
          this,
          [this](MadeMap made) {
              if (made.fit)
                  m_fit = made.fit;
              m_shown = std::move(made.map);
              m_view->setMap(m_shown);
              emit mapShown();
          },
          [this](const QString& message) {
              m_shown = hint(PatchMaps::tr("PCA colours"), message);
              m_view->setMap(m_shown);
              emit mapShown();
          }) {
    connect(session, &Session::resultReady, this, &PatchMaps::request);
    connect(session, &Session::selectionChanged, this, [this] {
        if (m_options.kind == MapKind::Similarity)
            request();
    });
    connect(session, &Session::filterChanged, this, [this] {
        if (m_options.kind == MapKind::FilterResponse)
            request();
    });
}

void PatchMaps::setOptions(const MapOptions& options) {
    if (options == m_options)
        return;
    m_options = options;
    emit optionsChanged();
    request();
}

void PatchMaps::request() {
    std::shared_ptr<const JobOutcome> out = m_session->currentShared();
    if (!out)
        return;
    m_job.run([out, options = m_options, patch = m_session->selected(),
               filter = m_session->selectedFilter(), fit = m_fit](const std::atomic<bool>& cancel) {
        return makeMap(*out, options, patch, filter, fit, cancel);
    });
    // A map that takes a while (PCA colours of a large photo: seconds) says it is coming, rather
    // than leaving the last one, made for other settings, over the image meanwhile.
    QTimer::singleShot(kPendingAfterMs, this, [this, request = ++m_requests] {
        if (request != m_requests || !m_job.busy())
            return;
        const auto row =
            std::find_if(std::begin(kMapKinds), std::end(kMapKinds),
                         [&](const MapKindRow& r) { return r.kind == m_options.kind; });
        m_shown = hint(tr(row->label), tr("computing…"));
        m_view->setMap(m_shown);
    });
}

} // namespace tessera::ui
