// ViewHighlight: a frame drawn over the view the walkthrough is talking about, so a student
// looking at a projector sees where to look. It is a transparent child laid over its target,
// passing every mouse event through, following the target's size; retargeting moves it.
#pragma once

#include <QPointer>
#include <QWidget>

namespace tessera::ui {

class ViewHighlight : public QWidget {
    Q_OBJECT

  public:
    explicit ViewHighlight(QWidget* parent = nullptr);
    void setTarget(QWidget* target); // nullptr hides it
    QWidget* target() const { return m_target; }

  protected:
    void paintEvent(QPaintEvent*) override;
    bool eventFilter(QObject* watched, QEvent* event) override;

  private:
    void follow();
    QPointer<QWidget> m_target;
};

} // namespace tessera::ui
