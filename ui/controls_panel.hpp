// ControlsPanel: the widgets that edit the Spec, each with a one-sentence tooltip, and the live
// arithmetic line under them (the numbers `tessera-cli info` prints, or what is wrong, in words).
//
// With a weights file, the file's patch size, embed_dim and channels drive the controls, which
// are then locked (the patch size stays editable when the kernel is PI-resized, FlexiViT).
#pragma once

#include "checkpoint.hpp"
#include "spec.hpp"

#include <QWidget>

#include <optional>

class QCheckBox;
class QComboBox;
class QDoubleSpinBox;
class QLabel;
class QPushButton;
class QSpinBox;

namespace tessera::ui {

class ControlsPanel : public QWidget {
    Q_OBJECT

  public:
    explicit ControlsPanel(QWidget* parent = nullptr);

    Spec spec() const;
    void setSpec(const Spec& spec); // does not emit specEdited
    // Shows the arithmetic for an input of `inputSize` (HxW of the decoded image).
    void showArithmetic(std::optional<Size2> inputSize);
    QString arithmeticText() const;
    bool arithmeticIsError() const { return m_arithmeticError; }

    // The widgets tests drive.
    QSpinBox* patchHeight() const { return m_patchH; }
    QSpinBox* patchWidth() const { return m_patchW; }
    QSpinBox* embedDim() const { return m_dim; }
    QComboBox* sizeMode() const { return m_sizeMode; }

    // Loads a weights file, drives the controls from it; false (and *error) when it cannot.
    bool useWeightsFile(const QString& path, QString* error);

  signals:
    void specEdited();

  private:
    void edited();
    void updateEnabled();
    void chooseWeights();

    QSpinBox* m_patchH;
    QSpinBox* m_patchW;
    QCheckBox* m_square;
    QSpinBox* m_dim;
    QComboBox* m_channels;
    QComboBox* m_sizeMode;
    QSpinBox* m_imgSize;
    QDoubleSpinBox* m_cropPct;
    QComboBox* m_interpolation;
    QComboBox* m_preset;
    QComboBox* m_weightsSource;
    QComboBox* m_init;
    QSpinBox* m_seed;
    QLabel* m_weightsFile;
    QPushButton* m_chooseWeights;
    QCheckBox* m_resample;
    QCheckBox* m_bias;
    QCheckBox* m_layerNorm;
    QLabel* m_arithmetic;
    bool m_arithmeticError = false;
    QString m_weightsPath;
    std::optional<FoundWeights> m_fileWeights;
    bool m_updating = false;
};

} // namespace tessera::ui
