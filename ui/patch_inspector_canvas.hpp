// The Patch inspector's pictures: the patch's pixels per channel, the flattened vector x, the
// weight matrix W and the outputs y. Each is a small painted widget that reports the item under
// the mouse (hovered) and marks the one the inspector highlights, so that hovering in one picture
// lights up the same value in the others.
//
// Index conventions: k in [0, K) is a position of the flattened patch, (C, P, Q) order; d in
// [0, D) an output (a row of W, a value of y).
#pragma once

#include <QImage>
#include <QPointF>
#include <QStringList>
#include <QWidget>

#include <utility>
#include <vector>

namespace tessera::ui {

struct PatchInspection;
struct WeightPicture;

// `count` items side by side (Horizontal: columns over the width; Vertical: rows down the
// height), with hover and click by item.
class IndexedCanvas : public QWidget {
    Q_OBJECT

  public:
    explicit IndexedCanvas(Qt::Orientation orientation, QWidget* parent = nullptr);

    int count() const { return m_count; }
    int highlight() const { return m_highlight; }
    void setHighlight(int i);
    int hovered() const { return m_hovered; }
    // The widget position of item i's middle (tests move the mouse there), and the item at x.
    QPointF positionOf(int i) const;
    int indexAt(QPointF pos) const;
    // As tall as it likes, and narrow: a dock can be 350 pixels wide.
    QSize minimumSizeHint() const override { return {160, sizeHint().height()}; }

  signals:
    void hoveredItem(int i); // -1 when the mouse leaves the items
    void clickedItem(int i); // by a click, or stepped to with the arrow keys

  protected:
    void setCount(int n);
    // Where the items lie; the rest is the subclass's labels.
    virtual QRectF itemArea() const = 0;
    double itemWidth() const { return m_count > 0 ? itemArea().width() / m_count : 0; }
    void mouseMoveEvent(QMouseEvent*) override;
    void mousePressEvent(QMouseEvent*) override;
    void leaveEvent(QEvent*) override;
    void keyPressEvent(QKeyEvent*) override; // arrows step the highlight: D can exceed the pixels

  private:
    void setHovered(int i);
    Qt::Orientation m_orientation;
    int m_count = 0;
    int m_highlight = -1;
    int m_hovered = -1;
};

// The flattened patch x (or any K values in (C, P, Q) order): a colour strip over the width with
// its channel blocks marked and named, and below it a magnified run of values around the
// highlighted k, with the rows p marked, so that the order of the flatten can be read off.
class VectorStrip : public IndexedCanvas {
    Q_OBJECT

  public:
    explicit VectorStrip(QWidget* parent = nullptr);
    void setVector(std::vector<float> values, double range, int channels, int rows, int columns);
    // Positions marked with a small pointer above the strip (the largest terms).
    void setMarks(std::vector<int> ks);
    // The first k of the magnified run, and how many it shows.
    int zoomStart() const;
    int zoomCount() const;

    QSize sizeHint() const override;

  protected:
    QRectF itemArea() const override;
    void paintEvent(QPaintEvent*) override;

  private:
    std::vector<float> m_values;
    QImage m_strip; // K × 1, coloured
    std::vector<int> m_marks;
    double m_range = 1;
    int m_channels = 0, m_rows = 0, m_columns = 0;
};

// The weight matrix W (D × K) as a picture, row d highlighted; channel blocks marked along the top
// so its columns line up with the vector strip drawn at the same width below it.
class MatrixView : public IndexedCanvas {
    Q_OBJECT

  public:
    explicit MatrixView(QWidget* parent = nullptr);
    // The picture (null clears), and the channel count to mark blocks of K / C columns.
    void setPicture(const WeightPicture* picture, int channels);
    // Rows are the items here: hover and click report d.
    bool hasHeightForWidth() const override { return true; }
    int heightForWidth(int w) const override;
    QSize sizeHint() const override;

  protected:
    QRectF itemArea() const override;
    void paintEvent(QPaintEvent*) override;
    void resizeEvent(QResizeEvent*) override;

  private:
    QRectF pictureArea() const;
    QImage m_picture; // W's picture, at most kPreviewSize
    QImage m_scaled;  // m_picture at the size on screen (made when the size changes)
    int m_rows = 0, m_columns = 0, m_channels = 0;
};

// D outputs as bars up and down from zero; hovering reads d.
class BarStrip : public IndexedCanvas {
    Q_OBJECT

  public:
    explicit BarStrip(QWidget* parent = nullptr);
    void setValues(std::vector<double> values, double range);
    QSize sizeHint() const override;

  protected:
    QRectF itemArea() const override;
    void paintEvent(QPaintEvent*) override;

  private:
    std::vector<double> m_values;
    double m_range = 1;
};

// The patch's pixels, enlarged nearest-neighbour: a row of tiles of the raw 8-bit values (the
// colour patch, then each channel in its hue) and a row of the normalised values (each channel on
// the diverging map). Padding is hatched. Hovering reports (row, c, p, q).
class PixelTiles : public QWidget {
    Q_OBJECT

  public:
    explicit PixelTiles(QWidget* parent = nullptr);
    void setPatch(const PatchInspection* patch); // null clears; the pointer must outlive its use
    void setHighlight(int k);                    // a position of the flattened patch, or -1

    struct Cell {
        bool normalised = false; // the lower row of tiles
        int c = -1, p = -1, q = -1;
        bool valid() const { return c >= 0; }
    };
    Cell hovered() const { return m_hovered; }
    Cell cellAt(QPointF pos) const;
    QPointF positionOf(int c, int p, int q, bool normalised) const;

    bool hasHeightForWidth() const override { return true; }
    int heightForWidth(int w) const override;
    QSize sizeHint() const override;

  signals:
    void hoveredCell(const PixelTiles::Cell& cell);

  protected:
    void paintEvent(QPaintEvent*) override;
    void mouseMoveEvent(QMouseEvent*) override;
    void leaveEvent(QEvent*) override;

  private:
    // Where each picture sits: lines of tiles, columns across. RGB: the colour patch and R, G, B
    // over the colour key and the three normalised channels. One channel: raw, normalised and
    // the key side by side. Other counts: raw channels over normalised ones, no key.
    enum class Slot { Colour, Raw, Normalised, Key };
    struct Geometry {
        double tile = 0;  // side of a tile (its longer side for non-square patches)
        double gap = 0;   // between tiles
        double label = 0; // height of a caption line
        int lines = 0;    // lines of tiles
        int columns = 0;  // tiles per line
    };
    Geometry geometry(int width) const;
    // The slot's (line, column), or (-1, -1) when this channel count has no such slot.
    std::pair<int, int> place(Slot slot, int c) const;
    QRectF tileRect(const Geometry& g, Slot slot, int c = 0) const;
    void paintTile(QPainter& p, const QRectF& r, Slot slot, int c) const;
    void paintKey(QPainter& p, const QRectF& r) const;

    const PatchInspection* m_patch = nullptr;
    int m_highlight = -1;
    Cell m_hovered;
};

} // namespace tessera::ui
