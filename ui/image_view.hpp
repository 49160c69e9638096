// ImageView: the image the model sees, with the patch grid and what preprocessing did on it.
//
// Shows the resized image (before the crop) of the Session's last result. Overlays, each
// switchable: grid lines, patch index labels (when patches are big enough on screen), the
// cropped-away area dimmed and the zero-padded area hatched, and a map over the patches (norm,
// a filter's response, similarity, PCA colours: PatchMaps chooses) with its legend. Wheel zooms
// about the cursor, dragging pans, a click selects a patch (and gives the view the keyboard focus,
// shown by a frame), the arrow keys move the selection over the grid, hovering shows a patch's
// index, row, column, pixel box and norm. The Session's patch set (a histogram bar's patches) is
// tinted and outlined.
#pragma once

#include "overlay_painter.hpp"

#include <QWidget>

#include <vector>

namespace tessera::ui {

class Session;

using Overlays = io::OverlayStyle;

class ImageView : public QWidget {
    Q_OBJECT

  public:
    explicit ImageView(Session* session, QWidget* parent = nullptr);

    const Overlays& overlays() const { return m_overlays; }
    void setOverlays(const Overlays& overlays);

    // The map drawn over the patches (the norm map until another is set); one made for another
    // grid is not drawn.
    void setMap(const io::PatchMap& map);
    const io::PatchMap& map() const { return m_scene.map; }

    void fitToWindow();
    void actualSize(); // one image pixel to one device pixel
    void zoomBy(double factor);
    double scale() const { return m_scale; }

    // The patch under a point of the widget, or -1; and a patch's rectangle in the widget.
    int patchAt(QPointF widgetPos) const;
    QRectF patchRect(int index) const;
    // A patch pointed at from another view (a row of the embedding matrix): drawn as if hovered,
    // and scrolled into view. -1 clears.
    void highlight(int index);
    int highlighted() const { return m_pointed; }

    // The index labels as painted at the current zoom (empty when they are off or do not fit).
    io::PatchLabels patchLabels() const;
    // Why the grid is on but not drawn (its cells are under 4 pixels on screen, where lines
    // would be a grey veil), in words shown over the image; empty when it is drawn or off.
    QString gridNote() const;

  signals:
    void patchClicked(int index); // by a click, or moved to with the arrow keys
    // The pixel under the mouse in the resized image (before the crop: OverlayScene's
    // coordinates), or (-1, -1) when the mouse is off the image.
    void pixelHovered(QPoint resizedPixel);
    void overlaysChanged();

  protected:
    void paintEvent(QPaintEvent*) override;
    void wheelEvent(QWheelEvent*) override;
    void mousePressEvent(QMouseEvent*) override;
    void mouseMoveEvent(QMouseEvent*) override;
    void mouseReleaseEvent(QMouseEvent*) override;
    void keyPressEvent(QKeyEvent*) override;
    void resizeEvent(QResizeEvent*) override;
    bool event(QEvent*) override;

  private:
    void rebuild();
    QRectF contentRect() const; // image ∪ grid, in image pixels
    QPointF toImage(QPointF widgetPos) const;
    void zoomAbout(double factor, QPointF widgetPos);
    void paintMarks(QPainter& p);
    void paintPatchSet(QPainter& p);
    void paintGridNote(QPainter& p);
    const QImage& gridLayer(); // m_gridLayer, drawn again when its key changed
    void updatePatchSet();
    void scrollTo(int index); // pans the least that shows the whole patch

    Session* m_session;
    Overlays m_overlays;
    io::OverlayScene m_scene; // the last result's picture, grid and heat map
    io::OverlayScene m_shown; // m_scene with its picture reduced to the scale on screen
    double m_shownScale = 0;
    double m_scale = 1;
    QPointF m_offset; // widget position of image pixel (0, 0)
    bool m_fit = true;
    QPoint m_pressPos;
    QPointF m_pressOffset;
    bool m_dragging = false;
    int m_hover = -1;
    int m_pointed = -1;        // highlight()'s patch
    std::vector<bool> m_inSet; // per patch: in the Session's patch set
    QImage m_setTint;          // gw × gh, the set's cells tinted, the others clear
    // The grid lines and patch labels, kept as a transparent picture of the widget: a new result
    // with the same grid (another D, seed, image of the same size) or a hover repaint draws no
    // label again. Everything they are drawn from is in the key.
    struct GridLayerKey {
        Size2 patch;
        int gw = 0, gh = 0;
        QRectF area; // the scene's grid rectangle
        double scale = 0, dpr = 0, gridOpacity = 0, lineWidth = 0;
        QPointF offset;
        QSize size;
        bool lines = false, labels = false;
        QFont font;
        bool operator==(const GridLayerKey&) const = default;
    };
    GridLayerKey m_gridKey;
    QImage m_gridLayer;
};

} // namespace tessera::ui
