// ControlsPanel: the widgets that edit the Spec, each with a one-sentence tooltip, and the live
// arithmetic line under them (the numbers `tessera-cli info` prints, or what is wrong, in words).
//
// The Spec, not the widgets, is the source of truth: setSpec() keeps every field it is given,
// also those no widget shows (--weights-key, --mean/--std, --format, --norm-eps, --threads, a seed
// up to 2^63-1), and a widget edit changes only its own field. So spec() after setSpec(s) is s.
// Combo boxes are filled from core's choice tables and read back through itemData.
//
// A weights file (WeightsFile, read off the GUI thread and shared with the compute jobs) is the
// source of patch size, embed_dim, channels, bias and LayerNorm: those controls show the file's
// values, locked, with a note saying so. Going back to Random restores what the user had set
// before; going back to the file, or unticking PI-resize, shows the file's values again. A file
// with several patch embeddings offers a chooser of their prefixes (--weights-key). A file that
// fails to load leaves the one in use before it in place, and the error is shown whole.
#pragma once

#include "spec.hpp"

#include <QString>
#include <QWidget>

#include <optional>

class QCheckBox;
class QComboBox;
class QDoubleSpinBox;
class QLabel;
class QLineEdit;
class QPushButton;
class QSpinBox;

namespace tessera::ui {

class WeightsFile;

class ControlsPanel : public QWidget {
    Q_OBJECT

  public:
    explicit ControlsPanel(WeightsFile* weights, QWidget* parent = nullptr);
    ~ControlsPanel() override;

    Spec spec() const { return m_spec; }
    void setSpec(const Spec& spec); // does not emit specEdited
    // Shows the arithmetic for an input of `inputSize` (HxW of the decoded image).
    void showArithmetic(std::optional<Size2> inputSize);
    QString arithmeticText() const;
    bool arithmeticIsError() const { return m_arithmeticError; }

    // The widgets tests drive.
    QSpinBox* patchHeight() const { return m_patchH; }
    QSpinBox* patchWidth() const { return m_patchW; }
    QCheckBox* square() const { return m_square; }
    QSpinBox* embedDim() const { return m_dim; }
    QComboBox* sizeMode() const { return m_sizeMode; }
    QComboBox* weightsSource() const { return m_weightsSource; }
    QComboBox* prefixChooser() const { return m_prefix; }
    QCheckBox* resample() const { return m_resample; }
    QCheckBox* layerNorm() const { return m_layerNorm; }
    QCheckBox* bias() const { return m_bias; }
    QLineEdit* seed() const { return m_seed; }
    QLabel* weightsLabel() const { return m_weightsFile; }

    // Reads a weights file (in the background) and, once read, makes it the source of the
    // geometry; a file that cannot be read leaves the current one in use and shows why.
    void useWeightsFile(const QString& path);

  signals:
    void specEdited();

  private:
    // What the user had set before a weights file took over those controls.
    struct OwnGeometry {
        std::optional<Size2> patch;
        std::optional<int> embedDim, inChans;
        bool bias = true;
        NormKind norm = NormKind::None;
    };

    void edited();
    void refresh(); // widgets from m_spec (and the file's values in file mode)
    void updateEnabled();
    void chooseWeights();
    void weightsLoaded();
    void weightsFailed(const QString& message);
    void setRandom();
    bool fileInUse() const; // m_spec names the file WeightsFile holds

    WeightsFile* m_weights;
    Spec m_spec;
    std::optional<OwnGeometry> m_own;    // set while a file drives the geometry
    std::optional<Size2> m_fileResample; // the PI-resize size in use when the user left the file
    QString m_resamplePath;              // ... and that file
    bool m_userChoseFile = false;        // the pending load is the user's choice (not setSpec's)

    QSpinBox* m_patchH;
    QSpinBox* m_patchW;
    QCheckBox* m_square;
    QSpinBox* m_dim;
    QComboBox* m_channels;
    QLabel* m_fromFile;
    QComboBox* m_sizeMode;
    QComboBox* m_pad;
    QSpinBox* m_imgSize;
    QDoubleSpinBox* m_cropPct;
    QComboBox* m_interpolation;
    QComboBox* m_preset;
    QComboBox* m_weightsSource;
    QComboBox* m_init;
    QLineEdit* m_seed;
    QLabel* m_weightsFile;
    QPushButton* m_chooseWeights;
    QComboBox* m_prefix;
    QCheckBox* m_resample;
    QCheckBox* m_bias;
    QCheckBox* m_layerNorm;
    QLabel* m_arithmetic;
    bool m_arithmeticError = false;
    bool m_updating = false;
};

} // namespace tessera::ui
