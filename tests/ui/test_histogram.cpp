// The pure parts of the norm charts: histogram binning and nice axis ticks.
#include "histogram.hpp"
#include "nice_ticks.hpp"

#include <QtTest>

#include <cfloat>
#include <cmath>
#include <limits>
#include <numeric>
#include <random>
#include <set>

using namespace tessera::ui;

namespace {

int total(const Histogram& h) {
    return std::accumulate(h.counts.begin(), h.counts.end(), 0);
}

bool isOneTwoFive(double step) {
    const double m = step / std::pow(10.0, std::floor(std::log10(step) + 1e-9));
    return std::abs(m - 1) < 1e-9 || std::abs(m - 2) < 1e-9 || std::abs(m - 5) < 1e-9;
}

// Every value in the bin that claims it (to float rounding), every count the number of values
// in the bin, the bins within the axis, and the counts adding up to the finite values.
void checkBins(const Histogram& h, const std::vector<float>& v) {
    QCOMPARE(h.binOf.size(), v.size());
    QCOMPARE(total(h), h.finite);
    QCOMPARE(h.finite + h.notFinite(), int(v.size()));
    QVERIFY(h.width > 0);
    std::vector<int> recount(h.counts.size(), 0);
    for (std::size_t i = 0; i < v.size(); ++i) {
        const int b = h.binOf[i];
        if (!std::isfinite(v[i])) {
            QCOMPARE(b, -1);
            continue;
        }
        QVERIFY(b >= 0 && b < h.bins());
        ++recount[std::size_t(b)];
        const double slack = std::abs(double(v[i])) * FLT_EPSILON;
        QVERIFY2(v[i] >= h.edge(b) - slack && v[i] < h.edge(b + 1) + slack,
                 qPrintable(QString("%1 in [%2, %3)").arg(v[i]).arg(h.edge(b)).arg(h.edge(b + 1))));
    }
    QCOMPARE(recount, h.counts);
    const auto [lo, hi] = h.axisRange();
    QVERIFY(lo <= h.edge(0) && h.edge(h.bins()) <= hi);
}

} // namespace

class TestHistogram : public QObject {
    Q_OBJECT

  private slots:
    void uniformDataFillsRoundBins() {
        std::vector<float> v;
        for (int i = 0; i < 1000; ++i)
            v.push_back(float(3 + 7 * i / 999.0));
        const Histogram h = makeHistogram(v.data(), v.size());
        checkBins(h, v);
        QVERIFY(!h.single);
        QVERIFY(isOneTwoFive(h.width));
        QVERIFY(h.bins() >= 10 && h.bins() <= kMaxHistogramBins);
        QVERIFY(std::abs(h.start / h.width - std::round(h.start / h.width)) < 1e-9); // round edge
        QVERIFY(h.counts.front() > 0 && h.counts.back() > 0); // no empty bins beyond the data
        for (int c : h.counts)
            QVERIFY(c > 0); // uniform: every bin holds some
    }

    void narrowRangeGetsNarrowBins() {
        // LayerNorm's norms: √768 within a few parts in 10^5, the case that read "27.7 to 27.7".
        std::vector<float> v;
        std::mt19937 rng(1);
        std::uniform_real_distribution<float> jitter(-3e-4f, 3e-4f);
        for (int i = 0; i < 196; ++i)
            v.push_back(27.7128f + jitter(rng));
        const Histogram h = makeHistogram(v.data(), v.size());
        checkBins(h, v);
        QVERIFY(!h.single);
        QVERIFY(h.bins() >= 5);
        QVERIFY(h.width <= 1e-4);
        QVERIFY(isOneTwoFive(h.width));
    }

    void allEqualIsOneBarCentredOnTheValue() {
        const std::vector<float> v(196, 27.712812f);
        const Histogram h = makeHistogram(v.data(), v.size());
        checkBins(h, v);
        QVERIFY(h.single);
        QCOMPARE(h.bins(), 1);
        QCOMPARE(h.counts[0], 196);
        QCOMPARE(h.lo, h.hi);
        QVERIFY(std::abs((h.edge(0) + h.edge(1)) / 2 - 27.712812) < 1e-5);
        const auto [lo, hi] = h.axisRange();
        QVERIFY(lo < h.edge(0) && h.edge(1) < hi);           // room on both sides
        QVERIFY(h.width > (hi - lo) / 10);                   // a bar, not a line
        QVERIFY(h.width < 0.1 * 27.7);                       // near the value, not across the axis
        QVERIFY(std::abs((lo + hi) / 2 - 27.712812) < 1e-5); // centred
    }

    void withinFloatRoundingIsOneValue() {
        const float x = 27.712812f;
        const std::vector<float> v{x, std::nextafter(x, 100.f), std::nextafter(x, 0.f), x};
        const Histogram h = makeHistogram(v.data(), v.size());
        checkBins(h, v);
        QVERIFY(h.single);
        QCOMPARE(h.counts, std::vector<int>{4});
        QVERIFY(h.lo < h.hi); // still told apart, for the title
    }

    void twoDistinctValuesSitInTheirOwnBins() {
        std::vector<float> v(30, 0.7f);
        v.insert(v.end(), 10, 0.9f);
        const Histogram h = makeHistogram(v.data(), v.size());
        checkBins(h, v);
        QCOMPARE(total(h), 40);
        const int a = h.binOf.front(), b = h.binOf.back();
        QVERIFY(a != b);
        QCOMPARE(h.counts[std::size_t(a)], 30);
        QCOMPARE(h.counts[std::size_t(b)], 10);
        // 0.7f is 0.69999999 (0.9f too is below 0.9): still in the bins that start at 0.7 and
        // 0.9, where a reader looks for them.
        QVERIFY(std::abs(h.edge(a) - 0.7) < 1e-9);
        QVERIFY(std::abs(h.edge(b) - 0.9) < 1e-9);
    }

    void oneValue() {
        const float x = 5.f;
        const Histogram h = makeHistogram(&x, 1);
        checkBins(h, {x});
        QVERIFY(h.single);
        QCOMPARE(h.counts, std::vector<int>{1});
        QCOMPARE(h.binOf, std::vector<int>{0});
    }

    void zeroIsOneValueToo() {
        const std::vector<float> v(3, 0.f);
        const Histogram h = makeHistogram(v.data(), v.size());
        checkBins(h, v);
        QVERIFY(h.single);
        QVERIFY(h.edge(0) < 0 && h.edge(1) > 0);
    }

    void fortySevenThousandValues() {
        std::vector<float> v(47000);
        std::mt19937 rng(7);
        std::normal_distribution<float> normal(12.f, 3.f);
        for (float& x : v)
            x = normal(rng);
        const Histogram h = makeHistogram(v.data(), v.size());
        checkBins(h, v);
        QCOMPARE(total(h), 47000);
        QVERIFY(h.bins() <= kMaxHistogramBins);
        QVERIFY(h.bins() >= kMaxHistogramBins / 3);
    }

    void nanAndInfinityAreCountedApart() {
        const float nan = std::numeric_limits<float>::quiet_NaN();
        const float inf = std::numeric_limits<float>::infinity();
        const std::vector<float> v{1.f, nan, 2.f, inf, -inf, 3.f, nan, FLT_MAX, -FLT_MAX};
        const Histogram h = makeHistogram(v.data(), v.size());
        checkBins(h, v);
        QCOMPARE(h.nan, 2);
        QCOMPARE(h.posInf, 1);
        QCOMPARE(h.negInf, 1);
        QCOMPARE(h.finite, 5);
        QCOMPARE(h.lo, -FLT_MAX);
        QCOMPARE(h.hi, FLT_MAX);
    }

    void nothingFinite() {
        const float nan = std::numeric_limits<float>::quiet_NaN();
        const std::vector<float> v{nan, std::numeric_limits<float>::infinity(), nan};
        const Histogram h = makeHistogram(v.data(), v.size());
        QCOMPARE(h.bins(), 0);
        QCOMPARE(h.finite, 0);
        QCOMPARE(h.notFinite(), 3);
        QCOMPARE(h.binOf, (std::vector<int>{-1, -1, -1}));
        const Histogram none = makeHistogram(nullptr, 0);
        QCOMPARE(none.bins(), 0);
    }

    void ticksAreRoundAndReadApart() {
        struct Case {
            double lo, hi;
        };
        for (const Case c : {Case{0, 1}, Case{4.3, 23.1}, Case{27.7114, 27.7128}, Case{-3, 1e6},
                             Case{1e-7, 3e-7}, Case{0.26, 11.9}, Case{-0.5, 195.5}}) {
            for (int maxTicks : {2, 3, 6, 10}) {
                const NiceTicks t = niceTicks(c.lo, c.hi, maxTicks);
                const QString what = QString("[%1, %2] max %3").arg(c.lo).arg(c.hi).arg(maxTicks);
                QVERIFY2(isOneTwoFive(t.step), qPrintable(what));
                QVERIFY2(t.count >= 1 && t.count <= maxTicks, qPrintable(what));
                QVERIFY2(t.first >= t.min - 1e-9 * t.step, qPrintable(what));
                QVERIFY2(t.first + (t.count - 1) * t.step <= t.max + 1e-9 * t.step,
                         qPrintable(what));
                QVERIFY2(std::abs(t.first / t.step - std::round(t.first / t.step)) < 1e-6,
                         qPrintable(what));
                std::set<QString> labels;
                for (int k = 0; k < t.count; ++k)
                    labels.insert(QString::number(t.first + k * t.step, 'f', t.decimals));
                QVERIFY2(int(labels.size()) == t.count, qPrintable(what)); // all read apart
            }
        }
        const NiceTicks narrow = niceTicks(27.7114, 27.7128, 6);
        QCOMPARE(narrow.decimals, 4);
        QCOMPARE(QString::number(narrow.first, 'f', narrow.decimals), QString("27.7115"));
    }

    void integerTicksAreWhole() {
        for (double hi : {1.08, 2.0, 7.5, 196.0, 65535.5}) {
            const NiceTicks t = niceTicks(0, hi, 6, true);
            QVERIFY(t.step >= 1 && t.step == std::round(t.step));
            QVERIFY(t.first == std::round(t.first));
            QCOMPARE(t.decimals, 0);
        }
        // A count axis up to one patch: ticks 0 and 1, the "1" at exactly 1.
        const NiceTicks one = niceTicks(0, 1.08, 6, true);
        QCOMPARE(one.step, 1.0);
        QCOMPARE(one.count, 2);
        // A single patch's index axis: the tick at 0 and no "-0".
        const NiceTicks index = niceTicks(-0.5, 0.5, 6, true);
        QCOMPARE(index.count, 1);
        QCOMPARE(QString::number(index.first, 'f', 0), QString("0"));
    }

    void looseTicksEnclose() {
        const NiceTicks t = niceTicks(3, 97, 6, false, true);
        QCOMPARE(t.min, 0.0);
        QCOMPARE(t.max, 100.0);
        QCOMPARE(t.first, 0.0);
        QVERIFY(t.count <= 6);
    }

    void degenerateAndNonFiniteRangesStayDrawable() {
        const double nan = std::numeric_limits<double>::quiet_NaN();
        const double inf = std::numeric_limits<double>::infinity();
        for (auto [lo, hi] : {std::pair{5.0, 5.0}, std::pair{0.0, 0.0}, std::pair{nan, 1.0},
                              std::pair{0.0, inf}, std::pair{3.0, 1.0}}) {
            const NiceTicks t = niceTicks(lo, hi, 6);
            QVERIFY(std::isfinite(t.min) && std::isfinite(t.max) && t.min < t.max);
            QVERIFY(t.step > 0 && t.count >= 1);
        }
        QCOMPARE(nearestNiceNumber(0.3), 0.2);
        QCOMPARE(nearestNiceNumber(0.4), 0.5);
        QCOMPARE(nearestNiceNumber(7.0), 5.0);
        QCOMPARE(nearestNiceNumber(8.0), 10.0);
        QCOMPARE(nearestNiceNumber(nan), 1.0);
        QCOMPARE(niceNumberAtLeast(0.3), 0.5);
        QCOMPARE(niceNumberAtLeast(2.0), 2.0);
        QCOMPARE(decimalsFor(0.05), 2);
        QCOMPARE(decimalsFor(5), 0);
        QCOMPARE(decimalsFor(0.1), 1);
    }
};

QTEST_APPLESS_MAIN(TestHistogram)
#include "test_histogram.moc"
