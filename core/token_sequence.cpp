#include "token_sequence.hpp"

#include "error.hpp"
#include "pos_embed.hpp"

#include <cmath>

namespace tessera {
namespace {

// A checkpoint's token tensor as rows of D: (1, R, D), (R, D) or (1, 1, D) -> R rows.
std::int64_t rowsOf(const Tensor& t, std::int64_t d, const char* what) {
    if (t.shape.empty() || t.shape.back() != d || t.size() % std::size_t(d) != 0)
        throw InputError(std::string("the checkpoint's ") + what + " has shape " +
                         shapeString(t.shape) + ", not rows of D = " + std::to_string(d));
    return std::int64_t(t.size()) / d;
}

bool isSquare(std::int64_t n) {
    if (n <= 0)
        return false;
    const auto side = std::int64_t(std::llround(std::sqrt(double(n))));
    return side * side == n;
}

} // namespace

TokenSequence tokenSequence(const Tensor& patches, Size2 grid, const FoundWeights* file,
                            const SequenceOptions& options) {
    if (patches.rank() < 2 || (patches.rank() == 3 && patches.dim(0) != 1) || patches.rank() > 3)
        throw InputError("patch embeddings must be (N, D) or (1, N, D), got " +
                         shapeString(patches.shape));
    const std::int64_t d = patches.shape.back();
    const std::int64_t n = patches.dim(patches.rank() - 2);
    if (n != std::int64_t(grid.h) * grid.w)
        throw InputError(std::to_string(n) + " patch embeddings do not fill a " + sizeString(grid) +
                         " grid");
    if (options.regTokens < 0 || options.regTokens > 64)
        throw InputError("--reg-tokens must be 0 to 64, got " + std::to_string(options.regTokens));

    TokenSequence seq;
    seq.grid = grid;
    seq.classTokens = options.classToken ? 1 : 0;
    seq.regTokens = options.regTokens;
    const std::int64_t prefix = seq.prefixTokens(), total = prefix + n;
    seq.tokens = Tensor({total, d});
    seq.positions = Tensor({total, d});
    const auto row = [d](Tensor& t, std::int64_t r) { return t.data.data() + r * d; };

    // Prefix tokens: the checkpoint's when it has them (as many as asked), else zeros.
    if (seq.classTokens && file && file->clsToken && rowsOf(*file->clsToken, d, "cls_token") == 1) {
        std::copy(file->clsToken->data.begin(), file->clsToken->data.end(), row(seq.tokens, 0));
        seq.classFromFile = true;
    }
    if (seq.regTokens && file && file->regTokens &&
        rowsOf(*file->regTokens, d, "reg_token") == seq.regTokens) {
        std::copy(file->regTokens->data.begin(), file->regTokens->data.end(),
                  row(seq.tokens, seq.classTokens));
        seq.regFromFile = true;
    }
    std::copy(patches.data.begin(), patches.data.end(), row(seq.tokens, prefix));

    // Positions: the learned table (its leading rows for [class, registers...]), else sin-cos.
    if (file && file->posEmbed) {
        const std::int64_t rows = rowsOf(*file->posEmbed, d, "position table");
        const std::int64_t fileRegs =
            file->regTokens ? rowsOf(*file->regTokens, d, "reg_token") : 0;
        std::int64_t tablePrefix = -1;
        for (std::int64_t candidate :
             {fileRegs ? 1 + fileRegs : -1, std::int64_t(1), std::int64_t(0)})
            if (candidate >= 0 && tablePrefix < 0 && isSquare(rows - candidate))
                tablePrefix = candidate;
        if (tablePrefix < 0)
            throw InputError("the checkpoint's position table has " + std::to_string(rows) +
                             " rows: not prefix tokens plus a square grid");
        const auto side = int(std::llround(std::sqrt(double(rows - tablePrefix))));
        seq.fileGrid = Size2{side, side};
        Tensor table({rows, d}, file->posEmbed->data);
        if (*seq.fileGrid == grid) {
            seq.source = PositionSource::Learned;
        } else {
            table = resamplePosEmbed(table, grid, int(tablePrefix), seq.fileGrid);
            seq.source = PositionSource::LearnedResampled;
        }
        // table rows: [tablePrefix prefix rows; n grid rows]
        const auto copyRow = [&](std::int64_t from, std::int64_t to) {
            std::copy(table.data.begin() + from * d, table.data.begin() + (from + 1) * d,
                      row(seq.positions, to));
        };
        if (tablePrefix >= 1 && seq.classTokens) {
            copyRow(0, 0);
            seq.classHasPosition = true;
        }
        if (tablePrefix == 1 + seq.regTokens && seq.regTokens)
            for (int r = 0; r < seq.regTokens; ++r)
                copyRow(1 + r, seq.classTokens + r);
        for (std::int64_t k = 0; k < n; ++k)
            copyRow(tablePrefix + k, prefix + k);
    } else if (d % 4 == 0) {
        const Tensor table = sincos2dPosEmbed(grid, int(d));
        std::copy(table.data.begin(), table.data.end(), row(seq.positions, prefix));
        seq.source = PositionSource::SinCos2d;
    }
    for (std::size_t i = 0; i < seq.tokens.data.size(); ++i)
        seq.tokens.data[i] += seq.positions.data[i];
    return seq;
}

std::optional<Tensor> patchPositions(const TokenSequence& sequence) {
    if (sequence.source == PositionSource::None)
        return std::nullopt;
    const std::int64_t d = sequence.positions.dim(1), prefix = sequence.prefixTokens();
    const std::int64_t n = sequence.positions.dim(0) - prefix;
    return Tensor({n, d}, std::vector<float>(sequence.positions.data.begin() + prefix * d,
                                             sequence.positions.data.end()));
}

} // namespace tessera
