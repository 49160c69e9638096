// TileGrid: a scrolled grid of small pictures with a label under each (the Filters view's kernels,
// its principal components), drawn enlarged without smoothing so each weight stays one square.
//
// Tiles are prepared elsewhere (on a worker); the grid only paints the rows in view, so a
// thousand 32×32 tiles scroll as fast as ten. A tile has an id (the filter d); the grid shows
// them in a given order, outlines the selected one, and reports a click by its id. The arrow
// keys (Home, End, Page Up/Down too) step from the selected tile in the shown order, reported
// as a click on the next one.
#pragma once

#include <QAbstractScrollArea>
#include <QImage>
#include <QList>
#include <QString>

#include <vector>

namespace tessera::ui {

struct Tile {
    QImage image;  // at one pixel per weight
    QString label; // under the tile
    QString tip;   // the hover tooltip
};

class TileGrid : public QAbstractScrollArea {
    Q_OBJECT

  public:
    explicit TileGrid(QWidget* parent = nullptr);

    // The tiles, shown in `order` (ids into `tiles`; all of them when empty). Keeps the scroll
    // position when the count stays.
    void setTiles(std::vector<Tile> tiles, QList<int> order = {});
    void setOrder(QList<int> order);
    const QList<int>& order() const { return m_order; }
    int count() const { return int(m_tiles.size()); }
    const Tile& tile(int id) const { return m_tiles[std::size_t(id)]; }
    // What the grid says when it has no tiles (no result yet, an error).
    void setPlaceholder(const QString& text);
    QString placeholder() const { return m_placeholder; }
    // Outlined (and scrolled to when `reveal`); -1 for none.
    void setSelected(int id, bool reveal = true);
    int selected() const { return m_selected; }
    // Tiles show at least this many pixels across (whole multiples of the picture).
    void setTargetWidth(int pixels);

    // The tile's picture rect in viewport coordinates (possibly outside it), or null.
    QRect imageRect(int id) const;
    int idAt(QPoint viewportPos) const; // -1 between or beside tiles
    void ensureVisible(int id);

  signals:
    void tileClicked(int id);

  protected:
    void paintEvent(QPaintEvent*) override;
    void resizeEvent(QResizeEvent*) override;
    void mousePressEvent(QMouseEvent* event) override;
    void keyPressEvent(QKeyEvent* event) override;
    bool viewportEvent(QEvent* event) override;

  private:
    void relayout();
    QRect cellRect(int slot) const; // in content coordinates

    std::vector<Tile> m_tiles;
    QList<int> m_order;
    QList<int> m_slotOf; // id -> position in m_order
    QString m_placeholder;
    int m_selected = -1;
    int m_targetWidth = 56;
    int m_scale = 1;   // screen pixels per weight
    QSize m_image;     // the tiles' picture size at one pixel per weight (the first tile's)
    QSize m_cell;      // a tile with its label and margins
    int m_columns = 1; // tiles per row
};

} // namespace tessera::ui
