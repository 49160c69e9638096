// The sequence view: the tokens the first transformer block receives. Row 0 is the class token
// (zeros for random weights, the checkpoint's cls_token otherwise) plus position 0; patch rows are
// the embeddings plus their positions (checked against the checkpoint's table read here, or the
// sin-cos table); the class and register switches change the rows and tell the window; hovering
// and clicking follow patches; 65536 patches draw without stalling.
#include "picture_checks.hpp"
#include "pos_embed.hpp"
#include "selection_colours.hpp"
#include "sequence_fixture.hpp"
#include "sequence_view.hpp"
#include "weights_loader.hpp"

#include <QCheckBox>
#include <QSignalSpy>
#include <QSpinBox>
#include <QtTest>

#include <cmath>
#include <memory>

using namespace tessera;
using namespace tessera::ui;

namespace {

struct Fixture : test::SequenceFixture<SequenceView> {
    using SequenceFixture::SequenceFixture;
    SequenceView* const& seq = view;
    const float* embeddings() const { return result().embeddings.data.data(); }
    float token(int t, int d) const {
        return seq->sequence()->tokens.data[std::size_t(t) * std::size_t(dim()) + std::size_t(d)];
    }
    int dim() const { return int(seq->sequence()->tokens.dim(1)); }
};

Spec smallSpec(int dim) {
    Spec s = test::spec224();
    s.embedDim = dim;
    return s;
}

} // namespace

class TestSequenceView : public QObject {
    Q_OBJECT

  private slots:
    void noResultShowsAHint() {
        Session session;
        SequenceView view(&session);
        QVERIFY(view.caption().contains(QStringLiteral("No result")));
        QVERIFY(view.sequence() == nullptr);
    }

    void randomWeightsGetAZeroClassTokenAndSinCosPositions() {
        Fixture f;
        QVERIFY(f.runAndDraw(smallSpec(32)));
        const TokenSequence& s = *f.seq->sequence();
        const int n = 196, d = 32;
        QCOMPARE(s.tokens.shape, (Shape{n + 1, d}));
        QCOMPARE(s.classTokens, 1);
        QVERIFY(!s.classFromFile);
        QCOMPARE(s.source, PositionSource::SinCos2d);
        // Row 0: a zero class token, and the sin-cos table has no row for it (MAE's zero row).
        for (int k = 0; k < d; ++k)
            QCOMPARE(f.token(0, k), 0.f);
        // Patch rows: the first image's embeddings plus the 14 × 14 sin-cos table.
        const Tensor table = sincos2dPosEmbed(Size2{14, 14}, d);
        for (int p = 0; p < n; ++p)
            for (int k = 0; k < d; ++k)
                QCOMPARE(f.token(1 + p, k), f.embeddings()[p * d + k] + table.data[p * d + k]);
        QVERIFY2(f.seq->sourceText().contains(QStringLiteral("zeros: random weights")),
                 qPrintable(f.seq->sourceText()));
        QVERIFY2(f.seq->sourceText().contains(QStringLiteral("sin-cos")),
                 qPrintable(f.seq->sourceText()));
        QVERIFY2(f.seq->caption().contains(QStringLiteral("T = 197 tokens of D = 32")),
                 qPrintable(f.seq->caption()));
    }

    void aCheckpointGivesItsClassTokenAndLearnedPositions() {
        Fixture f;
        QVERIFY(f.runAndDraw(test::timmSpec()));
        const FoundWeights file = io::loadWeights(test::timmCheckpoint().toStdString(), {});
        QVERIFY(file.clsToken && file.posEmbed);
        const int n = 196, d = 192;
        QCOMPARE(file.posEmbed->shape, (Shape{1, n + 1, d}));
        const TokenSequence& s = *f.seq->sequence();
        QCOMPARE(s.tokens.shape, (Shape{n + 1, d}));
        QVERIFY(s.classFromFile);
        QCOMPARE(s.source, PositionSource::Learned);
        const float* pos = file.posEmbed->data.data();
        for (int k = 0; k < d; ++k)
            QCOMPARE(f.token(0, k), file.clsToken->data[std::size_t(k)] + pos[k]);
        for (int p = 0; p < n; ++p)
            for (int k = 0; k < d; ++k)
                QCOMPARE(f.token(1 + p, k), f.embeddings()[p * d + k] + pos[(1 + p) * d + k]);
        const QString source = f.seq->sourceText();
        QVERIFY2(source.contains(QStringLiteral("from the checkpoint")), qPrintable(source));
        QVERIFY2(source.contains(QStringLiteral("learned 14 × 14 table.")), qPrintable(source));

        // Another grid: the table resampled, said with both grids.
        QVERIFY(f.runAndDraw(test::timmSpec(320)));
        QCOMPARE(f.seq->sequence()->tokens.dim(0), 1 + 20 * 20);
        QVERIFY2(
            f.seq->sourceText().contains(QStringLiteral("14 × 14 table, resampled to 20 × 20")),
            qPrintable(f.seq->sourceText()));
    }

    void classAndRegisterSwitchesChangeTheRows() {
        Fixture f;
        Spec s = smallSpec(16);
        s.classToken = false;
        QVERIFY(f.runAndDraw(s));
        QCOMPARE(f.seq->sequence()->length(), 196);
        QVERIFY(!f.seq->classTokenBox()->isChecked());
        // Without a class token row 0 is patch 0.
        const Tensor table = sincos2dPosEmbed(Size2{14, 14}, 16);
        for (int k = 0; k < 16; ++k)
            QCOMPARE(f.token(0, k), f.embeddings()[k] + table.data[std::size_t(k)]);
        QVERIFY(f.seq->sourceText().contains(QStringLiteral("No class token")));

        s.classToken = true;
        s.regTokens = 4;
        QVERIFY(f.runAndDraw(s));
        QCOMPARE(f.seq->sequence()->length(), 196 + 1 + 4);
        QCOMPARE(f.seq->sequence()->regTokens, 4);
        QCOMPARE(f.seq->registerBox()->value(), 4);
        QVERIFY(f.seq->classTokenBox()->isChecked());
        for (int r = 1; r <= 4; ++r) // random weights: zero registers, no position
            for (int k = 0; k < 16; ++k)
                QCOMPARE(f.token(r, k), 0.f);
        for (int k = 0; k < 16; ++k)
            QCOMPARE(f.token(5, k), f.embeddings()[k] + table.data[std::size_t(k)]);

        // With the checkpoint: no class token leaves the 196 patches with positions 1 .. 196.
        Spec t = test::timmSpec();
        t.classToken = false;
        QVERIFY(f.runAndDraw(t));
        const FoundWeights file = io::loadWeights(test::timmCheckpoint().toStdString(), {});
        QCOMPARE(f.seq->sequence()->length(), 196);
        for (int k = 0; k < 192; ++k)
            QCOMPARE(f.token(0, k), f.embeddings()[k] + file.posEmbed->data[std::size_t(192 + k)]);
    }

    void editingTheSwitchesTellsTheWindow() {
        Fixture f;
        Spec s = smallSpec(16);
        s.regTokens = 2;
        QSignalSpy spy(f.seq, &SequenceView::sequenceOptionsChanged);
        QVERIFY(f.runAndDraw(s));
        QCOMPARE(spy.count(), 0); // showing the result's Spec is not an edit
        QCOMPARE(f.seq->registerBox()->value(), 2);
        f.seq->classTokenBox()->click();
        QCOMPARE(spy.count(), 1);
        QCOMPARE(spy.last().at(0).toBool(), false);
        QCOMPARE(spy.last().at(1).toInt(), 2);
        f.seq->registerBox()->setValue(7);
        QCOMPARE(spy.count(), 2);
        QCOMPARE(spy.last().at(0).toBool(), false);
        QCOMPARE(spy.last().at(1).toInt(), 7);
        // A new result puts back what it was computed with.
        QVERIFY(f.runAndDraw(smallSpec(16)));
        QCOMPARE(f.seq->registerBox()->value(), 0);
        QVERIFY(f.seq->classTokenBox()->isChecked());
        QCOMPARE(spy.count(), 2);
    }

    void hoveringAPatchRowEmitsItAndAClickSelects() {
        Fixture f;
        QVERIFY(f.runAndDraw(smallSpec(32)));
        QSignalSpy hovered(f.seq, &SequenceView::patchHovered);
        for (int m = 0; m < 3; ++m) {
            QTest::mouseMove(f.seq->canvas(), f.seq->positionOf(m, 1 + 31));
            QVERIFY(!hovered.isEmpty());
            QCOMPARE(hovered.last().at(0).toInt(), 31);
            QVERIFY2(
                f.seq->readout().startsWith(QStringLiteral("token 32: patch 31 (row 2, col 3)")),
                qPrintable(f.seq->readout()));
        }
        QTest::mouseMove(f.seq->canvas(), f.seq->positionOf(2, 0));
        QCOMPARE(hovered.last().at(0).toInt(), -1); // the class token is no patch
        QVERIFY2(f.seq->readout().startsWith(QStringLiteral("token 0: the class token")),
                 qPrintable(f.seq->readout()));
        QTest::mouseClick(f.seq->canvas(), Qt::LeftButton, {}, f.seq->positionOf(1, 1 + 100));
        QCOMPARE(f.session.selected(), 100);
        QTest::mouseClick(f.seq->canvas(), Qt::LeftButton, {}, f.seq->positionOf(1, 0));
        QCOMPARE(f.session.selected(), 100); // clicking the class token selects no patch
    }

    void theSelectedPatchsRowIsMarked() {
        Fixture f;
        QVERIFY(f.runAndDraw(smallSpec(32)));
        const auto marked = [&](int token) {
            const QImage shot =
                f.seq->canvas()->grab().toImage().convertToFormat(QImage::Format_RGB32);
            const int y = f.seq->positionOf(0, token).y();
            int count = 0;
            for (int dy = -2; dy <= 2; ++dy)
                for (int x = 0; x < shot.width(); ++x)
                    count += QColor(shot.pixel(x, y + dy)) == selectedPatchColour();
            return count;
        };
        QCOMPARE(marked(1 + 60), 0);
        f.session.select(60);
        QCoreApplication::processEvents();
        // Across the three matrices, at least a column's width each.
        const int width = f.seq->positionOf(1, 0).x() - f.seq->positionOf(0, 0).x();
        QVERIFY2(marked(1 + 60) > 3 * width / 2, qPrintable(QString::number(marked(1 + 60))));
        QCOMPARE(marked(1 + 150), 0);
    }

    // A sequence over the view's memory budget is not built: the view says why, with the
    // figures; the next result that fits is drawn.
    void aSequenceOverTheMemoryBudgetIsRefusedWithItsFigures() {
        Fixture f;
        f.seq->setMemoryBudget(75'000); // 197 tokens × 32 floats, three copies: 75,648 bytes
        QVERIFY(f.run(test::chelsea(), smallSpec(32)));
        QTRY_VERIFY(!f.seq->failure().isEmpty());
        QVERIFY(f.seq->sequence() == nullptr);
        QVERIFY(!f.seq->busy());
        const QString why = f.seq->failure();
        QVERIFY2(why.contains(QStringLiteral("197 tokens × 32 numbers")), qPrintable(why));
        QVERIFY2(why.contains(QStringLiteral("73.88 KB")), qPrintable(why)); // 75,648 bytes
        QVERIFY2(why.contains(QStringLiteral("73.24 KB")), qPrintable(why)); // the budget
        QVERIFY(testing::distinctColours(f.seq->grab().toImage()) > 1);      // the text is drawn

        f.seq->setMemoryBudget(75'648); // exactly a D = 32 sequence; D = 16 needs half
        QVERIFY(f.runAndDraw(smallSpec(16)));
        QVERIFY(f.seq->failure().isEmpty());
        QCOMPARE(f.seq->sequence()->tokens.shape, (Shape{197, 16}));
    }

    void aThousandDimsDoNotStall() {
        // 4096 patches of D = 1024: the sequence and its pictures are made on a worker.
        Fixture f;
        Spec spec;
        spec.embedDim = 1024;
        QVERIFY(f.run(test::blocks(64, 64), spec));
        const qint64 longest =
            test::longestPauseUntil([&] { return !f.seq->busy() && f.seq->sequence(); });
        QVERIFY(f.seq->sequence());
        QCOMPARE(f.seq->sequence()->tokens.shape, (Shape{4097, 1024}));
        QVERIFY2(longest < 1000, qPrintable(QString::number(longest)));
    }

    void sixtyFiveThousandPatchesDoNotStall() {
        Fixture f;
        Spec spec;
        spec.embedDim = 16;
        QVERIFY(f.run(test::blocks(256, 256), spec));
        const qint64 longest =
            test::longestPauseUntil([&] { return !f.seq->busy() && f.seq->sequence(); });
        QVERIFY(f.seq->sequence());
        QCOMPARE(f.seq->sequence()->length(), 65537);
        QVERIFY2(longest < 1000, qPrintable(QString::number(longest)));
        const QImage shot = f.seq->grab().toImage();
        QVERIFY(testing::distinctColours(shot) > 20);
    }

    void screenshot() {
        Fixture f;
        Spec spec = test::timmSpec();
        spec.regTokens = 0;
        QVERIFY(f.runAndDraw(spec));
        f.session.select(31);
        QCoreApplication::processEvents();
        const QImage shot = f.seq->grab().toImage();
        QVERIFY(testing::distinctColours(shot) > 50);
        QVERIFY(shot.save(QDir::currentPath() + QStringLiteral("/sequence_view.png")));
        Spec reg = test::timmSpec(320);
        reg.regTokens = 4;
        QVERIFY(f.runAndDraw(reg));
        QVERIFY(f.seq->grab().toImage().save(QDir::currentPath() +
                                             QStringLiteral("/sequence_view_reg.png")));
        Fixture big;
        Spec many;
        many.embedDim = 64;
        QVERIFY(big.runAndDraw(many, test::blocks(64, 48)));
        QVERIFY(big.seq->grab().toImage().save(QDir::currentPath() +
                                               QStringLiteral("/sequence_view_big.png")));
    }
};

QTEST_MAIN(TestSequenceView)
#include "test_sequence_view.moc"
