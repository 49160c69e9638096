// PatchMaps: which map the image view lays over the patches, and the work that makes it.
//
// The maps (one table below, MapKind): each patch's norm; a filter's response (output channel d
// at every patch, the conv's feature map d); the cosine similarity of every patch to the selected
// one, the k most similar outlined; and PCA colours (DINO's pictures): the first three principal
// components of the N×D embeddings, or any three chosen, as red, green and blue, fitted on every
// patch or only on those whose norm reaches a threshold (the foreground).
//
// The numbers come from the core (analysis.hpp); makeMap() only turns them into a PatchMap. It
// runs on a worker (LatestJob) whenever the result, the selection, the selected filter or an
// option changes, and the image view shows the newest map. A PCA fit is kept for the result it
// came from, so choosing other components or scrolling the selection does not fit again.
#pragma once

#include "analysis.hpp"
#include "latest_job.hpp"
#include "patch_map.hpp"

#include <QObject>

#include <array>
#include <cstdint>
#include <memory>
#include <span>

namespace tessera::ui {

class ImageView;
class Session;
struct JobOutcome;

enum class MapKind { Norm, FilterResponse, Similarity, PcaColours };

struct MapKindRow {
    MapKind kind;
    const char* name;  // --view NAME for the maps that are views; "" for the norm map
    const char* label; // the app's words, translated in context "tessera::ui::PatchMaps"
};
// Every map, in the order the app lists them. To add one: a MapKind value, a row, a case in
// makeMap().
std::span<const MapKindRow> mapKinds();

struct MapOptions {
    MapKind kind = MapKind::Norm;
    int similar = 8;                        // the most similar patches outlined
    std::array<int, 3> components{0, 1, 2}; // the components shown as red, green, blue (0-based)
    bool foregroundOnly = false;            // fit the PCA only on patches with norm ≥ foreground
    double foreground = 0;
    bool operator==(const MapOptions&) const = default;
};

// A PCA fit of a result's embeddings, with every patch's coordinates on its components.
struct PcaFit {
    std::uint64_t generation = 0;
    bool foregroundOnly = false;
    double foreground = 0;
    Pca pca;
    std::vector<float> coords;        // N × pca.count()
    std::vector<std::uint8_t> fitted; // N flags: the patches the fit used
    std::int64_t fittedCount = 0;
};

struct MadeMap {
    io::PatchMap map;
    std::shared_ptr<const PcaFit> fit; // the PCA fit used (kept for the next request), or null
};

// The map `options` asks for over `out`'s first image. `patch` and `filter` are the selection
// (-1 for none: the map is empty and its note says what to pick). `fit` is reused when it was made
// for this result and foreground. Throws Cancelled when `cancel` is set during a PCA fit.
MadeMap makeMap(const JobOutcome& out, const MapOptions& options, int patch, int filter,
                std::shared_ptr<const PcaFit> fit, const std::atomic<bool>& cancel);

class PatchMaps : public QObject {
    Q_OBJECT

  public:
    PatchMaps(Session* session, ImageView* view, QObject* parent = nullptr);

    const MapOptions& options() const { return m_options; }
    void setOptions(const MapOptions& options);
    // The map shown last (for tests and the window's status); empty before one.
    const io::PatchMap& shown() const { return m_shown; }
    bool busy() const { return m_job.busy(); }

  signals:
    void optionsChanged();
    void mapShown();

  private:
    void request();

    Session* m_session;
    ImageView* m_view;
    MapOptions m_options;
    io::PatchMap m_shown;
    std::shared_ptr<const PcaFit> m_fit;
    LatestJob<MadeMap> m_job;
    // Requests made, so that a pending note is shown only for the newest, and only when it takes
    // longer than a map usually does.
    std::uint64_t m_requests = 0;
    static constexpr int kPendingAfterMs = 300;
};

} // namespace tessera::ui
