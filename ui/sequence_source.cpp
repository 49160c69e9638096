#include "sequence_source.hpp"

#include "compute_job.hpp"

#include <QCoreApplication>

namespace tessera::ui {
namespace {

// The translation context of these sentences (lupdate reads the macro), qualified as a class's
// would be.
class SequenceSource {
    Q_DECLARE_TR_FUNCTIONS(tessera::ui::SequenceSource)
};

QString gridText(Size2 grid) {
    return QStringLiteral("%1 × %2").arg(grid.h).arg(grid.w);
}

} // namespace

TokenSequence sequenceOf(const JobOutcome& outcome) {
    const Tensor& all = outcome.result.embeddings; // (B, N, D)
    const Size2 grid{outcome.result.grid.gh, outcome.result.grid.gw};
    const SequenceOptions options{outcome.spec.classToken, outcome.spec.regTokens};
    if (all.rank() == 3 && all.dim(0) > 1) {
        const std::int64_t n = all.dim(1), d = all.dim(2);
        Tensor first({n, d}, std::vector<float>(all.data.begin(), all.data.begin() + n * d));
        return tokenSequence(first, grid, outcome.loaded.get(), options);
    }
    return tokenSequence(all, grid, outcome.loaded.get(), options);
}

QString classTokenSource(const TokenSequence& sequence, bool fileGiven) {
    QString text;
    if (!sequence.classTokens)
        text = fileGiven
                   ? SequenceSource::tr(
                         "No class token (switched off here): the sequence is what a global-pool "
                         "ViT would read; the checkpoint's own class token and its position row "
                         "are left out.")
                   : SequenceSource::tr(
                         "No class token: this model averages the patch tokens at the end (global "
                         "pool).");
    else if (sequence.classFromFile)
        text = SequenceSource::tr("Class token (CLS): learned, from the checkpoint.");
    else if (fileGiven)
        text = SequenceSource::tr("Class token (CLS): zeros: the checkpoint holds none.");
    else
        text = SequenceSource::tr(
            "Class token (CLS): zeros: random weights have no trained class token.");
    if (sequence.regTokens)
        text += QLatin1Char(' ') +
                (sequence.regFromFile
                     ? SequenceSource::tr(
                           "%n register token(s): from the checkpoint, with no position.", nullptr,
                           sequence.regTokens)
                     : SequenceSource::tr(
                           "%n register token(s): zeros (none trained), with no position.", nullptr,
                           sequence.regTokens));
    return text;
}

QString positionSource(const TokenSequence& sequence, std::int64_t dim) {
    switch (sequence.source) {
    case PositionSource::Learned:
        return SequenceSource::tr("Positions: the checkpoint's learned %1 table.")
            .arg(gridText(sequence.fileGrid.value_or(sequence.grid)));
    case PositionSource::LearnedResampled:
        return SequenceSource::tr(
                   "Positions: the checkpoint's learned %1 table, resampled to %2 as timm does "
                   "(bicubic).")
            .arg(gridText(sequence.fileGrid.value_or(sequence.grid)), gridText(sequence.grid));
    case PositionSource::SinCos2d:
        return SequenceSource::tr(
                   "Positions: the fixed 2-D sin-cos table for the %1 grid (no learned table).")
            .arg(gridText(sequence.grid));
    case PositionSource::None:
        break;
    }
    return SequenceSource::tr(
               "Positions: none: D = %1 is not divisible by 4, as the 2-D sin-cos table needs.")
        .arg(dim);
}

} // namespace tessera::ui
