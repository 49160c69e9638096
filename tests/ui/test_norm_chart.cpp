// The norm plot and histogram, driven as a user would: the histogram right for every
// distribution, round ticks, the plot's hover readout, a click on a bar selecting its patches.
#include "npy.hpp"
#include "views_fixture.hpp"

#include <QAbstractAxis>
#include <QAreaSeries>
#include <QChartView>
#include <QLineSeries>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QValueAxis>

#include <cfloat>
#include <cmath>
#include <limits>
#include <set>

using namespace tessera;
using namespace tessera::ui;
using namespace tessera::ui::test;

namespace {

bool isOneTwoFive(double step) {
    const double m = step / std::pow(10.0, std::floor(std::log10(step) + 1e-9));
    return std::abs(m - 1) < 1e-9 || std::abs(m - 2) < 1e-9 || std::abs(m - 5) < 1e-9;
}

QValueAxis* axisOf(QChartView* view, Qt::Orientation o) {
    return qobject_cast<QValueAxis*>(view->chart()->axes(o).value(0));
}

// The ticks an axis shows, as its labels read: found as Qt Charts finds them (from the anchor, by
// adding the interval while within the range), so rounding in that sum shows here too.
QStringList tickLabels(const QValueAxis* axis) {
    QStringList labels;
    const double step = axis->tickInterval(), anchor = axis->tickAnchor();
    for (double value = anchor - std::floor((anchor - axis->min()) / step) * step;
         value <= axis->max(); value += step)
        labels << QString::asprintf(axis->labelFormat().toLatin1().constData(), value);
    return labels;
}

// Round steps, and labels that tell the ticks apart; on integer axes whole ticks only.
void checkTicks(const QValueAxis* axis, bool integer) {
    QVERIFY(axis);
    QCOMPARE(axis->tickType(), QValueAxis::TicksDynamic);
    QVERIFY2(isOneTwoFive(axis->tickInterval()), qPrintable(QString::number(axis->tickInterval())));
    if (integer) {
        QCOMPARE(axis->tickInterval(), std::round(axis->tickInterval()));
        QCOMPARE(axis->tickAnchor(), std::round(axis->tickAnchor()));
    }
    const QStringList labels = tickLabels(axis);
    QVERIFY(!labels.isEmpty());
    // Every whole step from the anchor that lies in the range is drawn, the last one included.
    const double step = axis->tickInterval(), anchor = axis->tickAnchor();
    const double slack = 1e-12 * std::max(std::abs(axis->min()), std::abs(axis->max()));
    const double first = std::ceil((axis->min() - anchor - slack) / step);
    const double last = std::floor((axis->max() - anchor + slack) / step);
    QCOMPARE(int(labels.size()), int(last - first) + 1);
    QCOMPARE(int(std::set<QString>(labels.begin(), labels.end()).size()), int(labels.size()));
}

// The histogram as drawn against the norms: each bar over exactly the norms it counts, the bars
// adding up to the finite norms and inside the value axis (a value axis, not categories).
void checkHistogram(const Views& v) {
    const Histogram& h = v.histogram();
    const std::vector<float>& norms = v.result().norms.data;
    const int n = int(v.result().grid.count());
    QCOMPARE(h.finite + h.notFinite(), n);
    QCOMPARE(std::accumulate(h.counts.begin(), h.counts.end(), 0), h.finite);
    QValueAxis* values = axisOf(v.chart->histogramView(), Qt::Horizontal);
    QValueAxis* counts = axisOf(v.chart->histogramView(), Qt::Vertical);
    QVERIFY(values && counts);
    checkTicks(values, false);
    checkTicks(counts, true);
    if (!h.single) // a range to read off: two ticks at least, however narrow the range
        QVERIFY2(tickLabels(values).size() >= 2, qPrintable(tickLabels(values).join(' ')));
    const QList<QRectF> bars = v.chart->bars();
    QVERIFY(!bars.isEmpty());
    const double sliver = h.width * 0.04; // the bars are drawn this much inside their bins
    double total = 0;
    for (const QRectF& bar : bars) {
        QVERIFY(bar.left() >= values->min() && bar.right() <= values->max());
        QVERIFY(bar.height() <= counts->max());
        const double lo = bar.left() - sliver, hi = bar.right() + sliver;
        int inside = 0;
        for (int i = 0; i < n; ++i) {
            // A float within its rounding of an edge counts as on it (histogram.hpp).
            const double x = norms[std::size_t(i)], slack = std::abs(x) * FLT_EPSILON;
            inside += std::isfinite(x) && x >= lo - slack && x < hi - slack;
        }
        QCOMPARE(double(inside), bar.height());
        total += bar.height();
    }
    QCOMPARE(int(total), h.finite);
}

// The numbers in the title's second line, the range under "Histogram of norms".
QList<double> titleNumbers(const QString& title) {
    QList<double> numbers;
    static const QRegularExpression number(R"(-?\d+(\.\d+)?(e[-+]?\d+)?)");
    for (const auto& m : number.globalMatch(title.section("<br>", 1, 1)))
        numbers << m.captured().toDouble();
    return numbers;
}

QImage plain(int w, int h, const QColor& colour) {
    QImage img(w, h, QImage::Format_RGB32);
    img.fill(colour);
    return img;
}

QImage halves(int w, int h) { // left half black, right half white
    QImage img = plain(w, h, Qt::white);
    QPainter(&img).fillRect(0, 0, w / 2, h, Qt::black);
    return img;
}

Spec native(int dim) {
    Spec s;
    s.embedDim = dim;
    return s;
}

} // namespace

class TestNormChart : public QObject {
    Q_OBJECT

  private slots:
    void chelseaHistogramIsTrue() {
        Views v;
        QVERIFY(v.run(chelsea(), spec224()));
        QCOMPARE(int(v.result().grid.count()), 196);
        checkHistogram(v);
        QVERIFY(!v.histogram().single);
        checkTicks(axisOf(v.chart->plotView(), Qt::Horizontal), true); // patch index
        checkTicks(axisOf(v.chart->plotView(), Qt::Vertical), false);
    }

    // Bars are drawn only where there are some: with no patch selected and no set chosen, no
    // empty series is shown (it drew a stray line at the axis's left end); selected, one is.
    void noEmptyBarsAreDrawn() {
        Views v;
        QVERIFY(v.run(chelsea(), spec224()));
        auto shownBars = [&v] {
            int shown = 0;
            for (QAbstractSeries* series : v.chart->histogramView()->chart()->series())
                if (auto* bars = qobject_cast<QAreaSeries*>(series); bars && bars->isVisible()) {
                    if (bars->upperSeries()->count() == 0)
                        return -1;
                    ++shown;
                }
            return shown;
        };
        QCOMPARE(shownBars(), 1); // the histogram itself
        v.session.select(37);
        QCOMPARE(shownBars(), 2); // and the selected patch's bar
        v.session.select(-1);
        QCOMPARE(shownBars(), 1);
    }

    void layerNormRangeReadsApart() {
        // LayerNorm makes every norm √768 (γ = 1) give or take rounding: the title used to read
        // "27.7 to 27.7" over one flat sliver of a bar.
        Views v;
        Spec spec = spec224();
        spec.norm = NormKind::LayerNorm;
        QVERIFY(v.run(chelsea(), spec));
        checkHistogram(v);
        const Histogram& h = v.histogram();
        QVERIFY(std::abs(h.lo - std::sqrt(768.f)) < 1e-2);
        const QString title = v.chart->histogramTitle();
        if (h.single) {
            QVERIFY2(title.contains("all at") || title.contains("one value"), qPrintable(title));
        } else {
            const QList<double> numbers = titleNumbers(title);
            QVERIFY2(numbers.size() >= 2 && numbers[0] < numbers[1], qPrintable(title));
            QVERIFY(v.chart->bars().size() >= 2);
        }
    }

    void allEqualIsOneBarCentredOnTheValue() {
        Views v;
        QVERIFY(v.run(plain(64, 64, QColor(90, 140, 200)), native(8)));
        QCOMPARE(int(v.result().grid.count()), 16);
        checkHistogram(v);
        const QList<QRectF> bars = v.chart->bars();
        QCOMPARE(bars.size(), 1);
        QCOMPARE(bars[0].height(), 16.0);
        const double norm = v.result().norms.data[0];
        QVERIFY(std::abs(bars[0].center().x() - norm) < 1e-5 * norm);
        const QValueAxis* values = axisOf(v.chart->histogramView(), Qt::Horizontal);
        QVERIFY(values->min() < bars[0].left() && bars[0].right() < values->max());
        QVERIFY(bars[0].width() > (values->max() - values->min()) / 10); // a bar, not a sliver
        QVERIFY(std::abs((values->min() + values->max()) / 2 - norm) < 1e-5 * norm);
        const QString title = v.chart->histogramTitle();
        QVERIFY2(title.contains("all at") || title.contains("one value"), qPrintable(title));
        const Histogram& h = v.histogram(); // equal, or apart by rounding: digits to show which
        QVERIFY2(title.contains(QString::number(h.lo, 'g', h.lo == h.hi ? 7 : 9)),
                 qPrintable(title));
    }

    void layerNormsTitleSaysEveryNormIsRootD() {
        Views v;
        Spec s = spec224();
        s.embedDim = 64;
        QVERIFY(v.run(chelsea(), s));
        QVERIFY(!v.chart->histogramTitle().contains("LayerNorm"));
        s.norm = NormKind::LayerNorm;
        QVERIFY(v.run(chelsea(), s));
        QVERIFY2(v.chart->histogramTitle().contains("LayerNorm makes every norm ≈ √D = 8.00"),
                 qPrintable(v.chart->histogramTitle()));
        for (const float n : v.result().norms.data) // what the line claims
            QVERIFY(std::abs(n - 8.0f) < 1e-3f);
    }

    void aHiddenChartWidenedInOneStepSettles() {
        // LayerNorm norms of PCA-of-patches weights span 27.7121 to 27.7128: narrow, the
        // histogram's axis widens to two ticks around them; wide, it holds the range itself. Set
        // from inside Qt's layout, the two sizes' ranges took turns one stack frame deeper each
        // time until the stack overflowed (a hidden Norms dock widened in one step, then shown).
        Views v;
        Spec s = spec224();
        s.norm = NormKind::LayerNorm;
        s.init = InitScheme::PcaPatches;
        QVERIFY(v.run(chelsea(), s));
        NormChart* chart = v.chart;
        chart->setParent(nullptr);
        chart->resize(200, 500);
        chart->show();
        QTest::qWait(20);
        int changes = 0;
        for (QChartView* view : chart->findChildren<QChartView*>())
            connect(view->chart(), &QChart::plotAreaChanged, this, [&] { ++changes; });
        chart->hide();
        chart->resize(400, 500);
        chart->show();
        QTest::qWait(50);
        QVERIFY2(changes < 20, qPrintable(QString::number(changes))); // a step or two, not a loop
        const QValueAxis* values = axisOf(chart->histogramView(), Qt::Horizontal);
        QVERIFY(values->min() <= v.histogram().lo && v.histogram().hi <= values->max());
        chart->setParent(&v.window); // the fixture's window deletes it
    }

    void twoDistinctValuesAreTwoBars() {
        Views v;
        QVERIFY(v.run(halves(64, 32), native(8))); // 4×2 patches: 4 black, 4 white
        checkHistogram(v);
        const QList<QRectF> bars = v.chart->bars();
        QCOMPARE(bars.size(), 2);
        QCOMPARE(bars[0].height(), 4.0);
        QCOMPARE(bars[1].height(), 4.0);
    }

    void singlePatchStandsOnWholeTicks() {
        Views v;
        QVERIFY(v.run(plain(16, 16, QColor(200, 60, 20)), native(8)));
        QCOMPARE(int(v.result().grid.count()), 1);
        checkHistogram(v);
        QCOMPARE(v.chart->bars().size(), 1);
        // The one-patch bar reaches the tick labelled "1", not halfway below it.
        const QValueAxis* counts = axisOf(v.chart->histogramView(), Qt::Vertical);
        QVERIFY(tickLabels(counts).contains("1"));
        QCOMPARE(counts->tickAnchor() + counts->tickInterval() * tickLabels(counts).indexOf("1"),
                 1.0);
        const QValueAxis* index = axisOf(v.chart->plotView(), Qt::Horizontal);
        QCOMPARE(tickLabels(index), QStringList{"0"});
        QCOMPARE(v.chart->pointCount(), 1);
    }

    void fortySevenThousandPatches() {
        Views v;
        QVERIFY(v.run(blocks(235, 200), native(8)));
        QCOMPARE(int(v.result().grid.count()), 47000);
        checkHistogram(v);
        QVERIFY(v.chart->bars().size() >= 10 && v.chart->bars().size() <= kMaxHistogramBins);
        QVERIFY(v.chart->pointCount() <= 2 * kMaxPlotPoints + 2);
    }

    void hoverReadsOutThePatch() {
        Views v;
        QVERIFY(v.run(chelsea(), spec224()));
        QVERIFY(QTest::qWaitForWindowExposed(&v.window));
        QVERIFY(v.chart->plotReadout().isEmpty());
        QTest::mouseMove(v.chart->plotView()->viewport(), v.chart->plotPosition(120).toPoint());
        const QString text = v.chart->plotReadout();
        QVERIFY2(text.contains("patch 120 "), qPrintable(text));
        QVERIFY2(text.contains("row 8, col 8"), qPrintable(text)); // 120 = 8 · 14 + 8
        const float norm = v.result().norms.data[120];
        QVERIFY2(text.contains(QString::number(norm, 'g', 6)), qPrintable(text));
    }

    void clickingABarSelectsItsPatches() {
        Views v;
        QVERIFY(v.run(chelsea(), spec224()));
        QVERIFY(QTest::qWaitForWindowExposed(&v.window));
        v.session.select(37);
        const Histogram& h = v.histogram();
        const int tallest =
            int(std::max_element(h.counts.begin(), h.counts.end()) - h.counts.begin());
        QList<int> expected;
        for (int i = 0; i < int(h.binOf.size()); ++i)
            if (h.binOf[std::size_t(i)] == tallest)
                expected << i;
        const QImage before = v.image->grab().toImage();

        QWidget* hist = v.chart->histogramView()->viewport();
        QTest::mouseClick(hist, Qt::LeftButton, {}, v.chart->barPosition(tallest).toPoint());
        QCOMPARE(v.session.selectedPatches(), expected);
        QCOMPARE(v.session.selected(), 37); // the single selection stays
        QCOMPARE(v.chart->markedIndex(), 37);
        const QString title = v.chart->histogramTitle();
        QVERIFY2(title.contains(QString("selected bar: %1 of 196 patches").arg(expected.size())),
                 qPrintable(title));

        // The image view marks the set's patches, and only them.
        QTest::qWait(20);
        const QImage after = v.image->grab().toImage();
        const qreal dpr = after.devicePixelRatio();
        auto centre = [&](const QImage& img, int i) {
            return img.pixel((v.image->patchRect(i).center() * dpr).toPoint());
        };
        for (int i : expected)
            if (i != 37)
                QVERIFY2(centre(after, i) != centre(before, i), qPrintable(QString::number(i)));
        for (int i = 0; i < 196; ++i)
            if (!expected.contains(i) && i != 37)
                QCOMPARE(centre(after, i), centre(before, i));

        // The same bar again clears the set.
        QTest::mouseClick(hist, Qt::LeftButton, {}, v.chart->barPosition(tallest).toPoint());
        QVERIFY(v.session.selectedPatches().isEmpty());
        QVERIFY(!v.chart->histogramTitle().contains("selected"));
        QCOMPARE(v.session.selected(), 37);
    }

    void nanNormsAreCountedNotDrawn() {
        // A weights file with a NaN makes every output, so every norm, NaN.
        QTemporaryDir dir;
        Tensor w(Shape{4, 3, 16, 16}, 0.01f);
        w.data[5] = std::numeric_limits<float>::quiet_NaN();
        const QString path = dir.filePath("nan.npy");
        saveNpy(path.toStdString(), w);
        Spec spec;
        spec.weightsPath = path.toStdString();
        Views v;
        QVERIFY(v.run(blocks(4, 3), spec));
        const Histogram& h = v.histogram();
        QCOMPARE(h.nan, 12);
        QCOMPARE(h.bins(), 0);
        QVERIFY(v.chart->bars().isEmpty());
        QCOMPARE(v.chart->pointCount(), 0);
        const QString title = v.chart->histogramTitle();
        QVERIFY2(title.contains("12 NaN"), qPrintable(title));
        QVERIFY2(title.contains("no norm is finite"), qPrintable(title));
        v.session.select(3); // marks nothing: a NaN has no point and no bin
        QCOMPARE(v.chart->markedBin(), -1);
        QVERIFY(!v.image->grab().isNull());
    }
};

QTEST_MAIN(TestNormChart)
#include "test_norm_chart.moc"
