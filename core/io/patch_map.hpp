// PatchMap: one colour per patch laid over the image — the per-patch norm, a filter's response,
// the similarity to a patch, PCA colours — and the one legend every map shares.
//
// The maps differ only in where their numbers come from (the core computes those); how a map is
// coloured, outlined and explained on screen is here, once, for the app's image view and the
// export bundle's overlay.png alike.
#pragma once

#include <QColor>
#include <QImage>
#include <QList>
#include <QPainter>
#include <QString>
#include <QStringList>

#include <optional>
#include <utility>
#include <vector>

namespace tessera::io {

// viridis: perceptually uniform, for magnitudes (norms, similarities). diverging: blue, white at
// the middle of the range, red; for signed values centred on 0 (a filter's response).
enum class Palette { Viridis, Diverging };

struct PatchMap {
    QString title; // what the map shows, in the app's words: "norm", "similarity to patch 37"
    QImage cells;  // gw × gh ARGB32, one pixel per patch; a transparent cell is not drawn
    // A scalar map's colour bar. An RGB map (PCA colours) has none: `channels` says what its red,
    // green and blue show.
    bool scalar = true;
    Palette palette = Palette::Viridis;
    double min = 0, max = 0; // the colour bar's range
    int noValue = 0;         // cells without a finite value, painted in noValueColour()
    QStringList channels;
    std::vector<float> values; // a scalar map's number per patch (hover shows it), else empty
    QString valueName;         // what that number is: "similarity to patch 37"
    QList<int> outlined;       // patches outlined over the map (the most similar ones)
    QString note;              // a line under the legend (what was fitted, a hint); may be empty

    bool empty() const { return cells.isNull(); }
};

// t in [0, 1] (clamped) to the palette's colour; NaN to noValueColour().
QColor viridis(double t);
QColor diverging(double t);
QColor paletteColour(Palette palette, double t);
// The colour of a patch without a finite value: a pink neither palette reaches.
QColor noValueColour();

// `values` holds gw·gh numbers, row-major over the grid. The range is the finite values' min and
// max unless given; a diverging map's range is made symmetric about 0.
PatchMap scalarMap(const float* values, int gw, int gh, Palette palette, const QString& title,
                   std::optional<std::pair<double, double>> range = std::nullopt);
// `rgb` holds gw·gh triples in [0, 1] (clamped); a NaN triple leaves its cell transparent.
PatchMap rgbMap(const float* rgb, int gw, int gh, const QString& title,
                const QStringList& channels);

// The legend in `area` (kLegendWidth wide, the view's height): the title, then a colour bar with
// its range, or the RGB channels' swatches, then the "no value" swatch and the note.
constexpr int kLegendWidth = 118;
void paintLegend(QPainter& p, const QRectF& area, const PatchMap& map, const QColor& text);

} // namespace tessera::io
