// Drawing a result over its image: the patch grid, index labels, the cropped-away area dimmed,
// the zero-padded area hatched, and a map over the patches (patch_map.hpp) with its legend.
//
// One painter for every place that draws it: the app's image view (zoomed and panned) and the
// export bundle's overlay.png, so the file shows what the app shows.
//
// A scene is made with the per-patch norm as its map. Norms may be NaN or infinite (a weights file
// can hold them): the map's range is that of the finite norms, the others are painted in
// noValueColour(). The app swaps in the other maps (a filter's response, similarity, PCA colours).
#pragma once

#include "byte_sink.hpp"
#include "image_u8.hpp"
#include "patch_grid.hpp"
#include "patch_map.hpp"
#include "preprocess.hpp"

#include <QImage>
#include <QList>
#include <QPainter>

namespace tessera::io {

struct OverlayStyle {
    bool grid = true;
    bool labels = true;
    bool cropAndPadding = true;
    bool map = false; // the scene's map and its legend
    double gridOpacity = 0.7;
    double lineWidth = 1.0; // grid lines and outlines, in screen pixels ×; thicker on a projector
    double mapOpacity = 0.6;
};

// What is drawn, in the resized image's pixels.
struct OverlayScene {
    QImage picture; // the resized image (before the crop), possibly stored smaller: see size
    QSize size;     // the resized image's size in pixels; picture is drawn stretched to it
    QImage preview; // optional: the picture at most kPreviewSide on its long side
    PatchMap map;   // the norm map, unless the app swapped in another
    QRectF crop;    // crop box
    QRectF grid;    // the area the patches cover (past the crop box where padded)
    PatchGrid patches;

    // `norms` holds patches.count() values (the first image of a batch). The picture is copied;
    // the second form takes one made by the caller (borrowedQImage: no copy).
    static OverlayScene make(const ImageU8& resized, const PreprocessPlan& plan, const PatchGrid& g,
                             const float* norms);
    static OverlayScene make(QImage picture, const PreprocessPlan& plan, const PatchGrid& g,
                             const float* norms);
    QRectF contentRect() const; // image ∪ grid
    // The same scene with its picture reduced for drawing at `scale` (< 1), from the preview when
    // it is large enough: smoothing a 4096×4096 picture stalls the event loop for ~60 ms.
    OverlayScene reducedFor(double scale) const;
    static constexpr int kPreviewSide = 1600;
    static QImage previewOf(const QImage& picture); // null when the picture is small already
};

QImage toQImage(const ImageU8& image);
// A QImage over `image`'s own pixels, not a copy (a 2048² picture is 12 MB of an export's peak):
// valid while `image` lives unchanged.
QImage borrowedQImage(const ImageU8& image);

// The cells of a scene's grid that meet `visible` when drawn at `scale` and `offset`:
// [gx0, gx1) × [gy0, gy1), with the grid's top-left corner and a cell's size on the device.
struct VisibleCells {
    int gx0 = 0, gx1 = 0, gy0 = 0, gy1 = 0;
    double left = 0, top = 0, pw = 0, ph = 0;
};
VisibleCells visibleCells(const OverlayScene& scene, double scale, QPointF offset,
                          const QRectF& visible);

// Where the patch index labels go at a zoom: one font for all, scaled to the cells on screen, and
// each label centred in its cell with room to spare, so no two labels touch. When the cells are
// too small for a readable font (at a small zoom), or the style shows no labels, there are none.
struct PatchLabels {
    QFont font;
    QList<int> indices;  // patch index of each label
    QList<QRectF> boxes; // device rectangle of each label, its 1-pixel shadow included
};
PatchLabels layoutLabels(const OverlayScene& scene, const OverlayStyle& style, double scale,
                         QPointF offset, const QRectF& visible, const QFont& base);

// Paints `scene` with image pixel (x, y) at offset + scale·(x, y); `visible` is the device
// rectangle being painted (grid lines and labels are drawn only there).
void paintScene(QPainter& p, const OverlayScene& scene, const OverlayStyle& style, double scale,
                QPointF offset, const QRectF& visible);
// paintScene in its three layers, bottom to top, for a caller that keeps the middle one as a
// picture: the grid lines and labels change only with the grid, the zoom and the style, and
// drawing ~200 labels (text shaping) is most of a paint's time.
void paintImageLayers(QPainter& p, const OverlayScene& scene, const OverlayStyle& style,
                      double scale, QPointF offset); // the picture, crop, padding, the map
void paintGridLines(QPainter& p, const OverlayScene& scene, const OverlayStyle& style, double scale,
                    QPointF offset, const QRectF& visible); // and the labels
void paintOutlines(QPainter& p, const OverlayScene& scene, const OverlayStyle& style, double scale,
                   QPointF offset); // the map's outlined patches

// The whole picture at `scale` with `style`, as one image.
QImage renderOverlay(const OverlayScene& scene, const OverlayStyle& style, double scale);
// The same picture as a PNG (the bundle's overlay.png), painted and encoded kOverlayBandRows rows
// at a time: a 4096² overlay whole would be 64 MB of the export's peak, a band is 2 MB.
constexpr int kOverlayBandRows = 128;
void writeOverlayPng(const OverlayScene& scene, const OverlayStyle& style, double scale,
                     const ByteSink& sink, int level);

} // namespace tessera::io
