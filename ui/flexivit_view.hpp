// FlexiVitView: what FlexiViT's PI-resize does to a checkpoint's kernel, beside a plain resize.
//
// When the weights come from a file and the run's patch P'×Q' differs from the file's P×Q
// (PI-resize on, spec.resampleWeights), the view shows for the selected filter d
// (Session::selectedFilter(), 0 when none) three pictures on one colour scale, symmetric around 0:
// the file's kernel w_old (P×Q), the PI-resized kernel w_new the run uses (P'×Q'), and w_old
// resized bilinearly to P'×Q' (what "just resize the kernel" would give). Under them, for the
// selected patch (0 when none), the check of core/flexivit.hpp: x is the run's patch resized to the
// file's size with timm's resampler (antialiased bicubic), R the resize from the file's size to the
// run's, and
//   original  = ⟨x, w_old[d]⟩,  piResized = ⟨R·x, w_new[d]⟩,  bilinear = ⟨R·x, bilinear(w_old)[d]⟩
// (without the bias, which both sides share). For a larger patch PI-resize keeps the token to
// float rounding; for a smaller one only in least squares; bilinear does not. Otherwise the view
// says how to get there. Made on a worker (LatestJob) when the result, filter or patch changes.
#pragma once

#include "flexivit.hpp"
#include "latest_job.hpp"

#include <QImage>
#include <QWidget>

#include <array>
#include <memory>
#include <optional>

class QLabel;

namespace tessera::ui {

class Session;
struct JobOutcome;

class FlexiVitView : public QWidget {
    Q_OBJECT

  public:
    // ⟨x, w_old⟩, ⟨R·x, w_new⟩, ⟨R·x, bilinear(w_old)⟩ and the size of the terms (Σ|x_k·w_old,k|).
    using Check = FlexiVitCheck;

    explicit FlexiVitView(Session* session, QWidget* parent = nullptr);
    // Brought forward, the dock widens to this (up to 45 % of the window).
    QSize sizeHint() const override { return {560, 760}; }

    bool busy() const { return m_job.busy(); }
    // Its dock came forward: computes what was skipped while it could not be seen.
    void cameOnScreen();
    // For the selected patch and filter; nullopt without a resized file kernel (or before one).
    std::optional<Check> check() const { return m_check; }
    // The three kernels as drawn (one pixel per weight): original, PI-resized, bilinear.
    QImage kernelImage(int which) const;
    QString text() const; // the explanation (or the hint) shown
    int patchIndex() const { return m_patch; }
    int filter() const { return m_filter; }

  private:
    struct Made {
        std::uint64_t generation = 0;
        int patch = 0, filter = 0;
        Check check;
        std::array<QImage, 3> pictures;
        double range = 0; // the shared scale: [-range, range]
    };

    void request();
    void showMade(Made made);
    void showHint(const QString& hint);

    Session* m_session;
    QLabel* m_title;
    std::array<QLabel*, 3> m_pictures{};
    std::array<QLabel*, 3> m_captions{};
    QWidget* m_row;
    QLabel* m_text;
    std::array<QImage, 3> m_images;
    std::optional<Check> m_check;
    int m_patch = -1, m_filter = -1;
    std::uint64_t m_generation = 0;
    LatestJob<Made> m_job;
};

} // namespace tessera::ui
