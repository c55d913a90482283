#pragma once

#include <QFrame>
#include <QList>

class QLabel;

namespace bytespike {

// One headline figure of the Overview: its title, its value as text (with the exact figure as a
// tooltip where the text rounds), and a sparkline of its recent history drawn in the theme's
// first chart colour. The history is the caller's; a NaN is a gap (nothing measured then).
class KpiTile : public QFrame
{
    Q_OBJECT
public:
    static constexpr qsizetype kMaxPoints = 300;

    KpiTile(const QString &objectName, QWidget *parent = nullptr);

    void setTitle(const QString &title);
    void setValue(const QString &text, const QString &exact = {});
    // Appends one point; the oldest beyond kMaxPoints is dropped.
    void addPoint(double value);
    void clearHistory();
    const QList<double> &history() const { return m_history; }
    QString valueText() const;

protected:
    void paintEvent(QPaintEvent *event) override;

private:
    void updateAccessibleName();

    QLabel *m_title;
    QLabel *m_value;
    QList<double> m_history;
};

} // namespace bytespike
