// The embedding matrix view: each pixel is its value's colour on the symmetric range (the range a
// quantile of |value| found here by sorting), the envelope keeps each block's strongest value when
// the rows outnumber the pixels, hovering reads out the patch and dim, a click selects them.
#include "embedding_matrix_view.hpp"
#include "filters_render.hpp"
#include "picture_checks.hpp"
#include "selection_colours.hpp"
#include "views_fixture.hpp"

#include <QSignalSpy>
#include <QtTest>

#include <algorithm>
#include <cmath>
#include <memory>

using namespace tessera;
using namespace tessera::ui;
using tessera::ui::test::Views;

namespace {

using tessera::ui::testing::distinctColours;

struct MatrixFixture : Views {
    std::unique_ptr<EmbeddingMatrixView> view; // goes before the Session it holds
    EmbeddingMatrixView* matrix = nullptr;
    explicit MatrixFixture(QSize size = {900, 700})
        : view(std::make_unique<EmbeddingMatrixView>(&session)), matrix(view.get()) {
        window.hide(); // the view alone, as in a dock
        matrix->resize(size);
        matrix->show();
        (void)QTest::qWaitForWindowExposed(matrix);
    }
    bool runAndDraw(const Spec& spec) { return run(test::chelsea(), spec) && waitIdle(); }
    bool waitIdle() {
        QElapsedTimer t;
        t.start();
        while (t.elapsed() < 120000) {
            QCoreApplication::processEvents(QEventLoop::AllEvents, 20);
            if (!matrix->busy() && !matrix->matrixImage().isNull()) {
                QCoreApplication::processEvents();
                return true;
            }
        }
        return false;
    }
    const float* values() const { return result().embeddings.data.data(); }
};

Spec smallSpec(int dim) {
    Spec s = test::spec224();
    s.embedDim = dim;
    return s;
}

} // namespace

class TestEmbeddingMatrixView : public QObject {
    Q_OBJECT

  private slots:
    void noResultShowsAHint() {
        Session session;
        EmbeddingMatrixView view(&session);
        QVERIFY(view.caption().contains(QStringLiteral("No result")));
        QVERIFY(view.matrixImage().isNull());
    }

    void hiddenMakesNoPictureUntilShown() {
        MatrixFixture f;
        f.matrix->hide();
        QVERIFY(f.run(test::chelsea(), smallSpec(16)));
        QVERIFY(!f.matrix->busy());
        QVERIFY(f.matrix->matrixImage().isNull());
        f.matrix->show();
        QVERIFY(f.waitIdle());
        QCOMPARE(f.matrix->matrixImage().size(), QSize(16, 196));
    }

    void pixelsAreTheValuesColours() {
        MatrixFixture f;
        QVERIFY(f.runAndDraw(smallSpec(32)));
        const int n = 196, d = 32;
        const QImage image = f.matrix->matrixImage();
        QCOMPARE(image.size(), QSize(d, n)); // room for every value: one pixel each
        QVERIFY(f.matrix->caption().contains(QStringLiteral("196 patches × 32 numbers")));

        // The range: the 99.5th percentile of |value|, to 1/4096 of the largest.
        std::vector<double> mags;
        for (int i = 0; i < n * d; ++i)
            mags.push_back(std::abs(double(f.values()[i])));
        std::sort(mags.begin(), mags.end());
        const double quantile = mags[std::size_t(std::ceil(0.995 * n * d)) - 1];
        QCOMPARE(f.matrix->maxAbs(), mags.back());
        QVERIFY(f.matrix->range() >= quantile);
        QVERIFY(f.matrix->range() <= quantile + mags.back() / 4096 + 1e-12);

        int top = 0, bottom = 0;
        for (int i = 0; i < n * d; ++i) {
            const double v = f.values()[i];
            const QRgb px = image.pixel(i % d, i / d);
            QCOMPARE(px, EmbeddingMatrixView::colourOf(v, f.matrix->range()));
            if (v >= f.matrix->range()) {
                QCOMPARE(px, divergingRgb(1));
                ++top;
            }
            if (v <= -f.matrix->range()) {
                QCOMPARE(px, divergingRgb(-1));
                ++bottom;
            }
        }
        QVERIFY(top + bottom >= 1); // the values beyond the range take the end colours
        // The largest value is the top colour, and the colours run from blue through white.
        const auto largest = std::max_element(f.values(), f.values() + n * d) - f.values();
        QCOMPARE(image.pixel(int(largest % d), int(largest / d)), divergingRgb(1));
        QVERIFY(qBlue(divergingRgb(-1)) > qRed(divergingRgb(-1)));
        QVERIFY(qRed(divergingRgb(1)) > qBlue(divergingRgb(1)));
        QVERIFY(qGray(divergingRgb(0)) > 240);
    }

    void fewerPixelsThanRowsKeepTheStrongest() {
        MatrixFixture f(QSize(500, 160)); // far fewer pixel rows than 196 patches
        QVERIFY(f.runAndDraw(smallSpec(24)));
        const int n = 196, d = 24;
        const QImage image = f.matrix->matrixImage();
        const int rows = image.height();
        QVERIFY(rows < n);
        QCOMPARE(rows, f.matrix->plotRect().height());
        QCOMPARE(image.width(), d);
        for (int r = 0; r < rows; ++r) {
            const int n0 = r * n / rows, n1 = std::max(n0 + 1, (r + 1) * n / rows);
            for (int c = 0; c < d; ++c) {
                double strongest = 0;
                for (int p = n0; p < n1; ++p)
                    if (std::abs(f.values()[p * d + c]) > std::abs(strongest))
                        strongest = f.values()[p * d + c];
                QCOMPARE(image.pixel(c, r),
                         EmbeddingMatrixView::colourOf(strongest, f.matrix->range()));
            }
        }
        // Made again at the new size when the dock grows.
        f.matrix->resize(900, 800);
        QVERIFY(f.waitIdle());
        QCOMPARE(f.matrix->matrixImage().height(), n);
    }

    void sixtyFiveThousandPatchesAreEnveloped() {
        MatrixFixture f;
        Spec spec;
        spec.embedDim = 16;
        QVERIFY(f.run(test::blocks(256, 256), spec) && f.waitIdle());
        const int n = 65536, d = 16;
        QCOMPARE(int(f.result().grid.count()), n);
        const QImage image = f.matrix->matrixImage();
        QCOMPARE(image.size(), QSize(d, f.matrix->plotRect().height()));
        const int rows = image.height();
        for (int r : {0, rows / 2, rows - 1}) {
            const int n0 = r * n / rows, n1 = (r + 1) * n / rows;
            for (int c = 0; c < d; ++c) {
                double strongest = 0;
                for (int p = n0; p < n1; ++p)
                    if (std::abs(f.values()[p * d + c]) > std::abs(strongest))
                        strongest = f.values()[p * d + c];
                QCOMPARE(image.pixel(c, r),
                         EmbeddingMatrixView::colourOf(strongest, f.matrix->range()));
            }
        }
        // Hovering reads the patch under the mouse, not the block's first.
        const QPoint at = f.matrix->positionOf(40000, 3);
        QTest::mouseMove(f.matrix->canvas(), at);
        const QString text = f.matrix->readout();
        const int shown = text.section(' ', 1, 1).toInt();
        QVERIFY2(std::abs(shown - 40000) <= n / rows + 1, qPrintable(text));
        QVERIFY2(
            text.contains(QStringLiteral("(row %1, col %2)").arg(shown / 256).arg(shown % 256)),
            qPrintable(text));
    }

    void hoverReadsOutThePatchAndClickSelects() {
        MatrixFixture f;
        QVERIFY(f.runAndDraw(smallSpec(32)));
        QSignalSpy rows(f.matrix, &EmbeddingMatrixView::patchHovered);
        QSignalSpy cols(f.matrix, &EmbeddingMatrixView::filterHovered);
        const int n = 31, d = 5; // row 2, col 3 of the 14-wide grid
        QTest::mouseMove(f.matrix->canvas(), f.matrix->positionOf(n, d));
        QVERIFY(!rows.isEmpty());
        QCOMPARE(rows.last().at(0).toInt(), n);
        QCOMPARE(cols.last().at(0).toInt(), d);
        const QString value = QString::number(double(f.values()[n * 32 + d]), 'g', 4);
        QCOMPARE(f.matrix->readout(),
                 QStringLiteral("patch 31 (row 2, col 3), dim 5: %1").arg(value));

        QTest::mouseClick(f.matrix->canvas(), Qt::LeftButton, {}, f.matrix->positionOf(n, d));
        QCOMPARE(f.session.selected(), n);
        QCOMPARE(f.session.selectedFilter(), d);

        // In the left margin, only the patch; in the top margin, only the filter.
        const QRect plot = f.matrix->plotRect();
        QTest::mouseClick(f.matrix->canvas(), Qt::LeftButton, {},
                          QPoint(plot.left() - 4, f.matrix->positionOf(100, 0).y()));
        QCOMPARE(f.session.selected(), 100);
        QCOMPARE(f.session.selectedFilter(), d);
        QTest::mouseClick(f.matrix->canvas(), Qt::LeftButton, {},
                          QPoint(f.matrix->positionOf(0, 20).x(), plot.top() - 4));
        QCOMPARE(f.session.selected(), 100);
        QCOMPARE(f.session.selectedFilter(), 20);

        // The arrow keys step one filter (left, right) or one patch (up, down), with the value.
        QTest::keyClick(f.matrix->canvas(), Qt::Key_Right);
        QTest::keyClick(f.matrix->canvas(), Qt::Key_Right);
        QTest::keyClick(f.matrix->canvas(), Qt::Key_Up);
        QCOMPARE(f.session.selectedFilter(), 22);
        QCOMPARE(f.session.selected(), 99);
        QCOMPARE(f.matrix->readout(),
                 QStringLiteral("patch 99 (row 7, col 1), dim 22: %1")
                     .arg(QString::number(double(f.values()[99 * 32 + 22]), 'g', 4)));
    }

    void marksTheSelectionAndRenders() {
        const QString dir = QDir::tempPath() + QStringLiteral("/tessera_filters_view");
        QDir().mkpath(dir);
        for (QSize size : {QSize(450, 700), QSize(900, 700)}) {
            MatrixFixture f(size);
            QVERIFY(f.runAndDraw(test::spec224()));
            const QImage before = f.matrix->canvas()->grab().toImage();
            QVERIFY(distinctColours(before, 2) > 50);
            f.session.select(50);
            f.session.selectFilter(400);
            QCoreApplication::processEvents();
            const QImage after = f.matrix->grab().toImage();
            QVERIFY(f.matrix->canvas()->grab().toImage() != before);
            // The patch's row carries its colour at the plot's right end, beside the colour map.
            const QPoint row(f.matrix->plotRect().right(), f.matrix->positionOf(50, 0).y());
            QCOMPARE(QColor(f.matrix->canvas()->grab().toImage().pixel(row)).rgb(),
                     selectedPatchColour().rgb());
            after.save(QStringLiteral("%1/matrix_%2x%3.png")
                           .arg(dir)
                           .arg(size.width())
                           .arg(size.height()));
        }
    }
};

QTEST_MAIN(TestEmbeddingMatrixView)
#include "test_embedding_matrix_view.moc"
