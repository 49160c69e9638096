// The positions view: cosine similarity between position embeddings as the ViT paper's figure 7
// draws it. The sin-cos maps are symmetric with ones on the diagonal; with the timm fixture at
// its own grid the maps are the learned table's (compared with cosines of its rows computed here),
// at another grid the table is said to be resampled; big grids show an evenly spaced subset; a
// D not divisible by 4 has none and says why; clicking a map selects its patch.
#include "picture_checks.hpp"
#include "pos_embed.hpp"
#include "positions_view.hpp"
#include "sequence_fixture.hpp"
#include "weights_loader.hpp"

#include <QSignalSpy>
#include <QtTest>

#include <cmath>
#include <memory>

using namespace tessera;
using namespace tessera::ui;

namespace {

struct Fixture : test::SequenceFixture<PositionsView> {
    using SequenceFixture::SequenceFixture;
    PositionsView* const& pos = view;
};

// Cosine of two rows, in double.
double cosine(const float* a, const float* b, int d) {
    double ab = 0, aa = 0, bb = 0;
    for (int k = 0; k < d; ++k) {
        ab += double(a[k]) * b[k];
        aa += double(a[k]) * a[k];
        bb += double(b[k]) * b[k];
    }
    return ab / std::sqrt(aa * bb);
}

} // namespace

class TestPositionsView : public QObject {
    Q_OBJECT

  private slots:
    void noResultShowsAHint() {
        Session session;
        PositionsView view(&session);
        QVERIFY(view.caption().contains(QStringLiteral("No result")));
        QCOMPARE(view.shownPositions(), 0);
    }

    // Over the view's memory budget the sequence is not built: the view says why; a result that
    // fits is drawn.
    void aSequenceOverTheMemoryBudgetIsRefused() {
        Fixture f;
        f.pos->setMemoryBudget(75'000); // 197 tokens × 32 floats, three copies: 75,648 bytes
        Spec spec = test::spec224();
        spec.embedDim = 32;
        QVERIFY(f.run(test::chelsea(), spec));
        QTRY_VERIFY(!f.pos->failure().isEmpty());
        QVERIFY(f.pos->sequence() == nullptr);
        QVERIFY2(f.pos->failure().contains(QStringLiteral("197 tokens × 32 numbers")),
                 qPrintable(f.pos->failure()));
        f.pos->setMemoryBudget(75'648);
        spec.embedDim = 16;
        QVERIFY(f.runAndDraw(spec));
        QVERIFY(f.pos->failure().isEmpty());
        QVERIFY(f.pos->shownPositions() > 0);
    }

    void sinCosMapsAreSymmetricWithOnesOnTheDiagonal() {
        Fixture f;
        Spec s = test::spec224();
        s.embedDim = 64;
        QVERIFY(f.runAndDraw(s));
        QCOMPARE(f.pos->sequence()->source, PositionSource::SinCos2d);
        const int n = f.pos->shownPositions();
        QCOMPARE(n, 196);
        const std::vector<float>& sim = f.pos->similarity();
        QCOMPARE(int(sim.size()), n * n);
        const Tensor table = sincos2dPosEmbed(Size2{14, 14}, 64);
        for (int i = 0; i < n; ++i) {
            QVERIFY(std::abs(sim[std::size_t(i * n + i)] - 1.f) < 1e-5f);
            for (int j = 0; j < n; ++j) {
                QCOMPARE(sim[std::size_t(i * n + j)], sim[std::size_t(j * n + i)]);
                const double want =
                    cosine(table.data.data() + i * 64, table.data.data() + j * 64, 64);
                QVERIFY(std::abs(sim[std::size_t(i * n + j)] - want) < 1e-5);
            }
        }
        // Nothing selected: the centre patch's map is drawn large, over all 196 positions.
        QCOMPARE(f.pos->largeIndex(), 7 * 14 + 7);
        QCOMPARE(int(f.pos->largeMap().size()), 196);
        QVERIFY(f.pos->sourceText().contains(QStringLiteral("sin-cos")));
    }

    void theCheckpointsMapsAreItsLearnedTable() {
        Fixture f;
        QVERIFY(f.runAndDraw(test::timmSpec()));
        const FoundWeights file = io::loadWeights(test::timmCheckpoint().toStdString(), {});
        QVERIFY(file.posEmbed);
        QCOMPARE(f.pos->sequence()->source, PositionSource::Learned);
        QVERIFY2(f.pos->sourceText().contains(QStringLiteral("learned 14 × 14 table.")),
                 qPrintable(f.pos->sourceText()));
        const int n = f.pos->shownPositions(), d = 192;
        QCOMPARE(n, 196);
        const float* rows = file.posEmbed->data.data() + d; // row 0 is the class token's
        for (auto [i, j] : {std::pair{0, 0}, {0, 1}, {0, 195}, {17, 18}, {17, 31}, {100, 3}}) {
            const double want = cosine(rows + i * d, rows + j * d, d);
            const float got = f.pos->similarity()[std::size_t(i * n + j)];
            QVERIFY2(std::abs(got - want) < 1e-5,
                     qPrintable(QString("%1 %2: %3 vs %4").arg(i).arg(j).arg(got).arg(want)));
        }
        f.session.select(17);
        QVERIFY(f.waitIdle());
        QCOMPARE(f.pos->largeIndex(), 17);
        for (int j : {0, 18, 195})
            QVERIFY(std::abs(f.pos->largeMap()[std::size_t(j)] -
                             cosine(rows + 17 * d, rows + j * d, d)) < 1e-5);

        QVERIFY(f.runAndDraw(test::timmSpec(384)));
        QCOMPARE(f.pos->sequence()->source, PositionSource::LearnedResampled);
        QCOMPARE(f.pos->shownPositions(), 24 * 24);
        QVERIFY2(
            f.pos->sourceText().contains(QStringLiteral("14 × 14 table, resampled to 24 × 24")),
            qPrintable(f.pos->sourceText()));
    }

    void bigGridsShowAnEvenSubset() {
        Fixture f;
        Spec s;
        s.embedDim = 32;
        QVERIFY(f.runAndDraw(s, test::blocks(64, 48))); // 48 × 64 patches
        QCOMPARE(f.pos->shownPositions(), 24 * 32);     // one stride: 48 / 2 rows, 64 / 2 columns
        const std::vector<int>& shown = f.pos->shownIndices();
        QCOMPARE(shown.front(), 0);
        QCOMPARE(shown.back(), 48 * 64 - 1);
        QCOMPARE(shown[1], 2); // columns 0, 2, 4, ... (63 / 31 apart, rounded)
        QVERIFY2(
            f.pos->sourceText().contains(QStringLiteral("evenly spaced 24 × 32 of the 48 × 64")),
            qPrintable(f.pos->sourceText()));
        const Tensor table = sincos2dPosEmbed(Size2{48, 64}, 32);
        const int n = f.pos->shownPositions();
        for (auto [i, j] : {std::pair{0, 1}, {5, 700}, {767, 40}}) {
            const double want = cosine(table.data.data() + shown[std::size_t(i)] * 32,
                                       table.data.data() + shown[std::size_t(j)] * 32, 32);
            QVERIFY(std::abs(f.pos->similarity()[std::size_t(i * n + j)] - want) < 1e-5);
        }
        // Hovering a map reads out its patch and its similarity to the large map's patch.
        QTest::mouseMove(f.pos->canvas(), f.pos->cellCentre(40));
        const int at = shown[40], centre = 24 * 64 + 32;
        QCOMPARE(f.pos->largeIndex(), centre);
        QVERIFY2(
            f.pos->readout().startsWith(QStringLiteral("position of patch %1 (row %2, col %3): "
                                                       "similarity to patch %4's")
                                            .arg(at)
                                            .arg(at / 64)
                                            .arg(at % 64)
                                            .arg(centre)),
            qPrintable(f.pos->readout()));
        // A click on a map selects its patch, and its map is drawn large.
        QTest::mouseClick(f.pos->canvas(), Qt::LeftButton, {}, f.pos->cellCentre(33));
        QCOMPARE(f.session.selected(), shown[33]);
        QVERIFY(f.waitIdle());
        QCOMPARE(f.pos->largeIndex(), shown[33]);
        QCOMPARE(int(f.pos->largeMap().size()), 48 * 64);
    }

    void aThousandDimsOnABigGridDoNotStall() {
        // 64 × 64 positions of D = 1024: 32 × 32 maps, a million cosines, made on a worker.
        Fixture f;
        Spec s;
        s.embedDim = 1024;
        QVERIFY(f.run(test::blocks(64, 64), s));
        const qint64 longest =
            test::longestPauseUntil([&] { return !f.pos->busy() && f.pos->sequence(); });
        QCOMPARE(f.pos->shownPositions(), 32 * 32);
        QVERIFY2(longest < 1000, qPrintable(QString::number(longest)));
        const std::vector<float>& sim = f.pos->similarity();
        for (int i : {0, 500, 1023})
            QVERIFY(std::abs(sim[std::size_t(i * 1024 + i)] - 1.f) < 1e-5f);
    }

    void aDimNotDivisibleByFourHasNoPositions() {
        Fixture f;
        Spec s = test::spec224();
        s.embedDim = 66;
        QVERIFY(f.runAndDraw(s));
        QCOMPARE(f.pos->sequence()->source, PositionSource::None);
        QCOMPARE(f.pos->shownPositions(), 0);
        QVERIFY2(f.pos->sourceText().contains(QStringLiteral("D = 66 is not divisible by 4")),
                 qPrintable(f.pos->sourceText()));
    }

    void screenshot() {
        Fixture f;
        QVERIFY(f.runAndDraw(test::timmSpec()));
        f.session.select(3 * 14 + 4);
        QVERIFY(f.waitIdle());
        const QImage shot = f.pos->grab().toImage();
        QVERIFY(testing::distinctColours(shot) > 50);
        QVERIFY(shot.save(QDir::currentPath() + QStringLiteral("/positions_view.png")));
        // Sin-cos at ViT-B's D: the structure a learned table also learns.
        QVERIFY(f.runAndDraw(test::spec224()));
        QVERIFY(f.pos->grab().toImage().save(QDir::currentPath() +
                                             QStringLiteral("/positions_view_sincos.png")));
        Spec s;
        s.embedDim = 64;
        QVERIFY(f.runAndDraw(s, test::blocks(64, 48)));
        QVERIFY(f.pos->grab().toImage().save(QDir::currentPath() +
                                             QStringLiteral("/positions_view_subset.png")));
    }
};

QTEST_MAIN(TestPositionsView)
#include "test_positions_view.moc"
