// The image view driven by keyboard and mouse: arrow keys over the grid, focus shown and taken on
// a click, and index labels that never overlap at any zoom.
#include "views_fixture.hpp"

#include <algorithm>

using namespace tessera;
using namespace tessera::ui;
using namespace tessera::ui::test;

namespace {

// No two labels meet (a sweep over boxes sorted by their left edge), and each is in its cell.
void checkLabels(const ImageView& view, const io::PatchLabels& labels) {
    QCOMPARE(labels.boxes.size(), labels.indices.size());
    for (qsizetype k = 0; k < labels.boxes.size(); ++k) {
        const QRectF cell = view.patchRect(labels.indices[k]).adjusted(-1e-6, -1e-6, 1e-6, 1e-6);
        QVERIFY2(cell.contains(labels.boxes[k]), qPrintable(QString::number(labels.indices[k])));
    }
    QList<QRectF> boxes = labels.boxes;
    std::sort(boxes.begin(), boxes.end(),
              [](const QRectF& a, const QRectF& b) { return a.left() < b.left(); });
    for (qsizetype i = 0; i < boxes.size(); ++i)
        for (qsizetype j = i + 1; j < boxes.size() && boxes[j].left() < boxes[i].right(); ++j)
            QVERIFY2(!boxes[i].intersects(boxes[j]), "two patch labels overlap");
}

} // namespace

class TestImageView : public QObject {
    Q_OBJECT

  private slots:
    void aPatchPointedAtElsewhereIsMarkedAndScrolledTo() {
        // The embedding matrix's hovered row: the patch is drawn as hovered and brought into view.
        Views v;
        QVERIFY(v.run(chelsea(), spec224()));
        ImageView* view = v.image;
        view->zoomBy(8); // most patches off screen
        QVERIFY(!view->rect().contains(view->patchRect(195).toRect()));
        const QImage before = view->grab().toImage();
        view->highlight(195);
        QCOMPARE(view->highlighted(), 195);
        QVERIFY(view->rect().contains(view->patchRect(195).toRect()));
        QVERIFY(view->grab().toImage() != before);
        view->highlight(196); // outside the grid: nothing pointed at
        QCOMPARE(view->highlighted(), -1);
    }

    void arrowKeysMoveTheSelection() {
        Views v;
        QVERIFY(v.run(chelsea(), spec224())); // 14 × 14
        ImageView* view = v.image;
        QTest::mouseClick(view, Qt::LeftButton, {}, view->patchRect(37).center().toPoint());
        QCOMPARE(v.session.selected(), 37);
        QTest::keyClick(view, Qt::Key_Right);
        QCOMPARE(v.session.selected(), 38);
        QTest::keyClick(view, Qt::Key_Down);
        QCOMPARE(v.session.selected(), 52);
        QTest::keyClick(view, Qt::Key_Left);
        QCOMPARE(v.session.selected(), 51);
        QTest::keyClick(view, Qt::Key_Up);
        QCOMPARE(v.session.selected(), 37);

        // Clamped at the edges: no wrapping to the next row, no leaving the grid.
        v.session.select(13); // top right
        QTest::keyClick(view, Qt::Key_Right);
        QCOMPARE(v.session.selected(), 13);
        QTest::keyClick(view, Qt::Key_Up);
        QCOMPARE(v.session.selected(), 13);
        v.session.select(182); // bottom left
        QTest::keyClick(view, Qt::Key_Left);
        QCOMPARE(v.session.selected(), 182);
        QTest::keyClick(view, Qt::Key_Down);
        QCOMPARE(v.session.selected(), 182);

        v.session.select(-1); // nothing selected: the keys start at the first patch
        QTest::keyClick(view, Qt::Key_Right);
        QCOMPARE(v.session.selected(), 0);
    }

    void arrowKeysKeepTheSelectionInView() {
        Views v;
        QVERIFY(v.run(chelsea(), spec224()));
        ImageView* view = v.image;
        view->zoomBy(6); // a few patches fill the view
        v.session.select(98);
        for (int k = 0; k < 13; ++k)
            QTest::keyClick(view, Qt::Key_Right);
        QCOMPARE(v.session.selected(), 111); // the row's last patch
        QVERIFY(QRectF(view->rect()).contains(view->patchRect(111)));
    }

    void clickTakesFocusAndShowsIt() {
        Views v;
        QVERIFY(v.run(chelsea(), spec224()));
        v.window.activateWindow();
        QVERIFY(QTest::qWaitForWindowActive(&v.window));
        ImageView* view = v.image;
        view->clearFocus();
        const QColor highlight = view->palette().color(QPalette::Highlight);
        auto frame = [&] {
            const QImage shot = view->grab().toImage();
            return shot.pixelColor(int(shot.devicePixelRatio()), shot.height() / 2);
        };
        QVERIFY(!view->hasFocus());
        QVERIFY(frame() != highlight);
        QTest::mouseClick(view, Qt::LeftButton, {}, view->patchRect(100).center().toPoint());
        QVERIFY(view->hasFocus());
        QCOMPARE(frame(), highlight);
    }

    // The grid lines and labels are kept as a picture between paints: whatever they are drawn
    // from changes, they are drawn again, and drawn again they are the same pixels.
    void theGridLayerFollowsStyleZoomAndGrid() {
        Views v;
        QVERIFY(v.run(chelsea(), spec224()));
        ImageView* view = v.image;
        auto shot = [view] { return view->grab().toImage(); };
        const QImage shown = shot();
        QCOMPARE(shot(), shown); // a repaint from the kept picture

        Overlays o = view->overlays();
        o.labels = false;
        view->setOverlays(o);
        const QImage unlabelled = shot();
        QVERIFY(unlabelled != shown);
        o.labels = true;
        view->setOverlays(o);
        QCOMPARE(shot(), shown);

        const double opacity = o.gridOpacity;
        o.gridOpacity = opacity / 2;
        view->setOverlays(o);
        QVERIFY(shot() != shown);
        o.gridOpacity = opacity;
        view->setOverlays(o);
        QCOMPARE(shot(), shown);

        view->zoomBy(2);
        const QImage zoomed = shot();
        QVERIFY(zoomed != shown);
        view->fitToWindow();
        QCOMPARE(shot(), shown);

        // Another patch size: another grid, and no line of the old one left.
        Spec spec = spec224();
        spec.patch = {32, 32};
        QVERIFY(v.run(chelsea(), spec));
        o.labels = false;
        view->setOverlays(o);
        QVERIFY(shot() != unlabelled);
        spec.patch = {16, 16};
        QVERIFY(v.run(chelsea(), spec));
        QCOMPARE(shot(), unlabelled);
    }

    void aGridTooFineToDrawSaysSo() {
        Views v;
        Spec spec; // native 300×451, 2×2 patches: about 1.3 pixels each when fitted
        spec.patch = {2, 2};
        QVERIFY(v.run(chelsea(), spec));
        ImageView* view = v.image;
        view->fitToWindow();
        QVERIFY2(view->gridNote().contains("Zoom in"), qPrintable(view->gridNote()));
        Overlays o = view->overlays();
        o.grid = false;
        view->setOverlays(o);
        QVERIFY(view->gridNote().isEmpty()); // off: nothing to explain
        o.grid = true;
        view->setOverlays(o);
        view->zoomBy(8);
        QVERIFY2(view->gridNote().isEmpty(), qPrintable(view->gridNote())); // drawn now
        QVERIFY(v.run(chelsea(), spec224()));
        view->fitToWindow();
        QVERIFY(view->gridNote().isEmpty());
    }

    void labelsNeverOverlap() {
        // 4096 × 4096 at P16: 65,536 patches, indices of up to five digits.
        Views v;
        Spec spec;
        spec.embedDim = 8;
        QVERIFY(v.run(blocks(256, 256), spec));
        QCOMPARE(int(v.result().grid.count()), 65536);
        ImageView* view = v.image;
        view->fitToWindow();
        QVERIFY(view->patchLabels().boxes.isEmpty()); // 2-3 pixel cells: no room for any
        int withLabels = 0;
        for (int step = 0; step < 24; ++step) {
            view->zoomBy(1.2); // about the middle, where indices have five digits
            const io::PatchLabels labels = view->patchLabels();
            checkLabels(*view, labels);
            if (!labels.boxes.isEmpty()) {
                ++withLabels;
                QVERIFY(labels.font.pixelSize() >= 7);
            }
        }
        QVERIFY(withLabels > 5);
        // Labels are drawn only where they fit: the cells at which they start are wide enough
        // for five digits, and at the largest zoom they are there.
        QVERIFY(!view->patchLabels().boxes.isEmpty());
        QVERIFY(QString::number(view->patchLabels().indices.front()).size() == 5);
        QTest::qWait(10);
        QVERIFY(!view->grab().isNull());
    }
};

QTEST_MAIN(TestImageView)
#include "test_image_view.moc"
