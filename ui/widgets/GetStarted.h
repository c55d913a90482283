#pragma once

#include <QGroupBox>
#include <QList>

class QLabel;
class QPushButton;

namespace bytespike {

// The Overview's "Get started" checklist for a fresh data directory: copy the demo key, add a
// provider channel, store its key, test it, set its prices, send a first request from the
// playground. The Overview ticks each step from what the gateway says (or, for copying and
// testing, from what the operator did); the steps' actions are signals for the window to carry
// out. Hide dismisses it for good.
class GetStarted : public QGroupBox
{
    Q_OBJECT
public:
    enum class Step { CopyKey, AddProvider, StoreKey, TestChannel, SetPrices, FirstRequest };
    static constexpr int kSteps = 6;
    // The name a step is saved under (console.ini) and its label's object name ("step_NAME").
    static QString stepName(Step step);

    explicit GetStarted(QWidget *parent = nullptr);

    void setDone(Step step, bool done);
    bool isDone(Step step) const { return m_done[int(step)]; }
    bool allDone() const;

Q_SIGNALS:
    void copyKeyRequested();
    void channelsRequested();
    void playgroundRequested();
    void dismissed();

protected:
    void changeEvent(QEvent *event) override;

private:
    void retranslate();
    void render(Step step);

    QList<QLabel *> m_labels;
    QList<bool> m_done;
    QPushButton *m_copyKey;
    QPushButton *m_channels;
    QPushButton *m_playground;
    QPushButton *m_hide;
};

} // namespace bytespike
