#include "ChannelsPage.h"

#include "GatewayCalls.h"
#include "Theme.h"
#include "bytespike/GatewayService.h"
#include "models/ChannelModelsModel.h"
#include "models/JsonTableModel.h"
#include "widgets/DollarDelegate.h"
#include "widgets/EmptyState.h"
#include "widgets/Widgets.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDir>
#include <QEvent>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QMessageBox>
#include <QPushButton>
#include <QRegularExpression>
#include <QSet>
#include <QSpinBox>
#include <QSplitter>
#include <QTabWidget>
#include <QTableView>
#include <QUrl>
#include <QVBoxLayout>

namespace bytespike {

namespace {

using Kind = JsonTableModel::Kind;

QList<ItemTableModel<ChannelView>::Column> channelColumns()
{
    using V = ChannelView;
    return {{[](const V &v) { return QVariant(v.channel.name); }},
        {[](const V &v) { return QVariant(protocolName(v.channel.protocol)); }},
        {[](const V &v) { return QVariant(v.channel.enabled); }, Kind::Bool},
        {[](const V &v) { return QVariant(v.channel.priority); }, Kind::Integer},
        {[](const V &v) { return QVariant(v.channel.weight); }, Kind::Integer},
        {[](const V &v) { return QVariant(v.state.status); }, Kind::Code},
        {[](const V &v) { return QVariant(v.channel.version); }, Kind::Integer}};
}

// A price of a version, or none for a model's first version (no old prices).
QVariant price(const std::optional<TokenPrices> &prices, bool output)
{
    return prices ? QVariant(output ? prices->outputMicrosPerMtok : prices->inputMicrosPerMtok) : QVariant();
}

QList<ItemTableModel<PriceVersion>::Column> historyColumns()
{
    using P = PriceVersion;
    return {{[](const P &p) { return QVariant(p.timeMs); }, Kind::Time}, {[](const P &p) { return QVariant(p.model); }},
        {[](const P &p) { return price(p.newPrices, false); }, Kind::Money},
        {[](const P &p) { return price(p.newPrices, true); }, Kind::Money},
        {[](const P &p) { return price(p.oldPrices, false); }, Kind::Money},
        {[](const P &p) { return price(p.oldPrices, true); }, Kind::Money},
        {[](const P &p) { return QVariant(p.author); }},
        {[](const P &p) { return QVariant(p.version); }, Kind::Integer}};
}

} // namespace

ChannelsPage::ChannelsPage(EmbeddedGateway &gateway, QWidget *parent)
    : QWidget(parent)
    , m_gateway(gateway)
    , m_channels(new ItemTableModel<ChannelView>(
          channelColumns(), [](const ChannelView &v) { return v.channel.id; }, this))
    , m_channelView(makeTableView(QStringLiteral("channelList"), nullptr, this))
    , m_add(makeButton(QStringLiteral("addChannelButton"), this))
    , m_delete(makeButton(QStringLiteral("deleteChannelButton"), this))
    , m_reload(makeButton(QStringLiteral("reloadChannelsButton"), this))
    , m_form(new QFormLayout)
    , m_name(new QLineEdit(this))
    , m_protocol(new QComboBox(this))
    , m_baseUrl(new QLineEdit(this))
    , m_secretRef(new QLineEdit(this))
    , m_caFile(new QLineEdit(this))
    , m_proxy(new QLineEdit(this))
    , m_proxySecretRef(new QLineEdit(this))
    , m_enabled(new QCheckBox(this))
    , m_priority(new QSpinBox(this))
    , m_weight(new QSpinBox(this))
    , m_secretValue(new QLineEdit(this))
    , m_storeSecret(makeButton(QStringLiteral("storeSecretButton"), this))
    , m_tabs(new QTabWidget(this))
    , m_models(new ChannelModelsModel(this))
    , m_modelView(makeTableView(QStringLiteral("modelTable"), nullptr, this))
    , m_addModel(makeButton(QStringLiteral("addModelButton"), this))
    , m_removeModel(makeButton(QStringLiteral("removeModelButton"), this))
    , m_history(new ItemTableModel<PriceVersion>(
          historyColumns(), [](const PriceVersion &p) { return QString::number(p.version); }, this))
    , m_historyView(makeTableView(QStringLiteral("priceHistory"), nullptr, this))
    , m_message(new QLabel(this))
    , m_undo(makeButton(QStringLiteral("undoButton"), this))
    , m_revert(makeButton(QStringLiteral("revertButton"), this))
    , m_save(makeButton(QStringLiteral("saveButton"), this))
    , m_test(makeButton(QStringLiteral("testButton"), this))
{
    setUpWidgets();
    buildLayout();
    connectSignals();
    retranslate();
    showDraft();
}

ChannelsPage::~ChannelsPage()
{
    // A cell editor still open commits when the window closes, which is after this part of the
    // page is gone: its edit must not reach the draft any more.
    m_models->disconnect(this);
}

void ChannelsPage::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::LanguageChange)
        retranslate();
    QWidget::changeEvent(event);
}

void ChannelsPage::retranslate()
{
    m_noChannels->setTexts(tr("No channels: the gateway has nowhere to send a request."), tr("Add a channel"));
    m_noModels->setTexts(tr("This channel serves no model yet."), tr("Add a model"));
    m_channels->setHeaders(
        {tr("Name"), tr("Protocol"), tr("Enabled"), tr("Priority"), tr("Weight"), tr("Status"), tr("Version")});
    m_models->setHeaders({tr("Model"), tr("Upstream model"), tr("Input $/MTok"), tr("Output $/MTok"),
        tr("Cache write $/MTok"), tr("Cache read $/MTok"), tr("Margin in / out")});
    m_history->setHeaders({tr("Time"), tr("Model"), tr("Input"), tr("Output"), tr("Input before"), tr("Output before"),
        tr("Changed by"), tr("Version")});
    // In the order of the form's rows (buildLayout).
    const QStringList labels {tr("&Name:"), tr("P&rotocol:"), tr("&Base URL:"), tr("Secret &reference:"),
        tr("&CA file:"), tr("Pro&xy:"), tr("Proxy secret re&ference:"), tr("E&nabled:"), tr("Pr&iority:"),
        tr("&Weight:"), tr("&Keychain secret:")};
    for (int row = 0; row < m_form->rowCount(); ++row) {
        if (auto *label = qobject_cast<QLabel *>(m_form->itemAt(row, QFormLayout::LabelRole)->widget()))
            label->setText(labels.value(row));
    }
    m_enabled->setText(tr("Route requests to this channel"));
    m_secretRef->setPlaceholderText(tr("keychain:NAME, env:VAR or file:PATH"));
    m_secretValue->setPlaceholderText(tr("Paste a provider key to store it in the keychain"));
    // The placeholders teach each connection field's format; the tooltips say what it does.
    m_caFile->setPlaceholderText(tr("empty: the system's trusted CAs"));
    m_proxy->setPlaceholderText(tr("empty: HTTPS_PROXY from the environment; direct; or http://host:port"));
    m_proxySecretRef->setPlaceholderText(tr("keychain:NAME, env:VAR or file:PATH holding user:password"));
    m_caFile->setToolTip(tr("An absolute path to a PEM file (https:// base URLs only): its certificates are then "
                            "the only CAs trusted for this channel. Leave it empty to trust the system's CAs."));
    m_proxy->setToolTip(tr("How to reach the provider: empty uses HTTPS_PROXY or HTTP_PROXY from the environment, "
                           "direct uses no proxy, and http://host:port tunnels through that proxy with CONNECT. "
                           "Credentials do not belong in the URL: use the proxy secret reference."));
    m_proxySecretRef->setToolTip(tr("Where the proxy's user:password is kept (keychain:NAME, env:VAR or file:PATH); "
                                    "sent as Proxy-Authorization. Only with a proxy URL."));
    m_add->setText(tr("&Add channel"));
    m_delete->setText(tr("&Delete channel"));
    m_reload->setText(tr("Re&load"));
    m_addModel->setText(tr("Add &model"));
    m_removeModel->setText(tr("Remove m&odel"));
    m_storeSecret->setText(tr("Store in &keychain"));
    m_undo->setText(tr("&Undo"));
    m_revert->setText(tr("Re&vert"));
    m_save->setText(tr("&Save"));
    m_test->setText(tr("&Test connection"));
    m_tabs->setTabText(0, tr("Models and prices"));
    m_tabs->setTabText(1, tr("Price history"));
    m_channelView->setAccessibleName(tr("Channels"));
    m_modelView->setAccessibleName(tr("Models and prices of the selected channel"));
    m_historyView->setAccessibleName(tr("Price history of the selected channel"));
    m_name->setAccessibleName(tr("Channel name"));
    m_protocol->setAccessibleName(tr("Channel protocol"));
    m_baseUrl->setAccessibleName(tr("Base URL"));
    m_secretRef->setAccessibleName(tr("Secret reference"));
    m_caFile->setAccessibleName(tr("CA file"));
    m_proxy->setAccessibleName(tr("Proxy"));
    m_proxySecretRef->setAccessibleName(tr("Proxy secret reference"));
    m_enabled->setAccessibleName(tr("Channel enabled"));
    m_priority->setAccessibleName(tr("Priority"));
    m_weight->setAccessibleName(tr("Weight"));
    m_secretValue->setAccessibleName(tr("Provider key to store in the keychain"));
    m_message->setAccessibleName(tr("Channel editor messages"));
    m_add->setAccessibleName(tr("Add a channel"));
    m_delete->setAccessibleName(tr("Delete the selected channel"));
    m_reload->setAccessibleName(tr("Reload the channels and discard unsaved edits"));
    m_addModel->setAccessibleName(tr("Add a model"));
    m_removeModel->setAccessibleName(tr("Remove the selected model"));
    m_storeSecret->setAccessibleName(tr("Store the provider key in the keychain"));
    m_undo->setAccessibleName(tr("Undo the last unsaved edit"));
    m_revert->setAccessibleName(tr("Revert every unsaved edit"));
    m_save->setAccessibleName(tr("Save the channel"));
    m_test->setAccessibleName(tr("Test the connection to the provider"));
    updateActions();
}

void ChannelsPage::reload()
{
    adminClient(m_gateway).listChannels(this, [this](const ClientResult<QList<ChannelView>> &channels) {
        if (!channels.ok()) {
            setMessage(tr("Cannot load the channels: %1").arg(errorText(channels.error())), true);
            return;
        }
        showChannels(channels.value());
    });
}

void ChannelsPage::showChannels(const QList<ChannelView> &channels)
{
    m_channels->setItems(channels);
    const QString selected = m_loaded ? m_loaded->id : QString();
    int row = m_channels->rowCount() > 0 ? 0 : -1;
    for (int i = 0; i < m_channels->rowCount(); ++i) {
        if (m_channels->item(i).channel.id == selected)
            row = i;
    }
    // Nothing is being edited: show the fresh state of the selected channel.
    if (!isDirty() && row >= 0)
        selectChannel(m_channels->item(row));
    if (row >= 0) {
        const QSignalBlocker blocker(m_channelView->selectionModel());
        m_channelView->selectRow(row);
    }
}

void ChannelsPage::openChannel(const QString &id)
{
    for (int row = 0; row < m_channels->rowCount(); ++row) {
        if (m_channels->item(row).channel.id == id) {
            m_channelView->selectRow(row); // selects it unless edits are pending
            return;
        }
    }
}

void ChannelsPage::selectChannel(const ChannelView &view)
{
    const bool another = !m_loaded || view.channel.id != m_loaded->id;
    m_loaded = view.channel;
    m_draft = m_loaded;
    m_undoStack.clear();
    m_lastEditedField = Field::None;
    if (!view.state.reason.isEmpty())
        setMessage(
            tr("Unavailable: %1").arg(JsonTableModel::reasonText(view.state.reasonCode, view.state.reason)), true);
    else if (another)
        setMessage(QString(), false);
    showDraft();
    loadHistory();
}

void ChannelsPage::showDraft()
{
    m_showing = true;
    // Without a draft the form shows a blank channel's defaults, disabled.
    const Channel shown = m_draft.value_or(Channel {});
    m_name->setText(shown.name);
    m_protocol->setCurrentIndex(std::max(0, m_protocol->findData(int(shown.protocol))));
    m_baseUrl->setText(shown.baseUrl);
    m_secretRef->setText(shown.secretRef);
    m_caFile->setText(shown.caFile);
    m_proxy->setText(shown.proxy);
    m_proxySecretRef->setText(shown.proxySecretRef);
    m_enabled->setChecked(shown.enabled);
    m_priority->setValue(int(shown.priority));
    m_weight->setValue(int(shown.weight));
    m_models->setSaved(m_loaded ? m_loaded->models : QList<ModelRoute>());
    m_models->setModels(shown.models);
    m_showing = false;
    updateActions();
}

void ChannelsPage::remember(Field field)
{
    if (!m_draft)
        return;
    if (field == Field::None || field != m_lastEditedField)
        m_undoStack.append(*m_draft);
    m_lastEditedField = field;
}

void ChannelsPage::formEdited(Field field)
{
    if (m_showing || !m_draft)
        return;
    remember(field);
    m_draft->name = m_name->text().trimmed();
    m_draft->protocol = ChannelProtocol(m_protocol->currentData().toInt());
    m_draft->baseUrl = m_baseUrl->text().trimmed();
    m_draft->secretRef = m_secretRef->text().trimmed();
    m_draft->caFile = m_caFile->text().trimmed();
    m_draft->proxy = m_proxy->text().trimmed();
    m_draft->proxySecretRef = m_proxySecretRef->text().trimmed();
    m_draft->enabled = m_enabled->isChecked();
    m_draft->priority = m_priority->value();
    m_draft->weight = m_weight->value();
    draftChanged();
}

void ChannelsPage::undo()
{
    if (m_undoStack.isEmpty())
        return;
    m_draft = m_undoStack.takeLast();
    m_lastEditedField = Field::None;
    m_actionMessage = false;
    showDraft();
}

void ChannelsPage::revert()
{
    m_draft = m_loaded;
    m_undoStack.clear();
    m_lastEditedField = Field::None;
    setMessage(QString(), false);
    showDraft();
}

QString ChannelsPage::draftProblem() const
{
    if (!m_draft)
        return {};
    if (m_draft->name.isEmpty())
        return tr("A channel needs a name.");
    if (m_draft->protocol != ChannelProtocol::Simulator) {
        const QUrl url(m_draft->baseUrl, QUrl::StrictMode);
        if (!url.isValid() || (url.scheme() != QLatin1String("http") && url.scheme() != QLatin1String("https"))
            || url.host().isEmpty())
            return tr("The base URL must be an http:// or https:// address.");
        // What the gateway can tell without the file: the rest (readable, holds a certificate) is
        // its 400, shown when saving.
        if (!m_draft->caFile.isEmpty() && !QDir::isAbsolutePath(m_draft->caFile))
            return tr("The CA file must be an absolute path, like /etc/ssl/certs/provider.pem.");
        if (!m_draft->caFile.isEmpty() && url.scheme() != QLatin1String("https"))
            return tr("A CA file applies to https:// base URLs only: clear it or use https://.");
    }
    QSet<QString> names;
    for (const ModelRoute &model : m_draft->models) {
        const QString &name = model.model;
        if (name.isEmpty())
            return tr("Every model needs a public name.");
        if (names.contains(name))
            return tr("Model %1 is listed twice.").arg(name);
        names.insert(name);
    }
    return {};
}

void ChannelsPage::draftChanged()
{
    m_actionMessage = false;
    updateActions();
}

void ChannelsPage::setMessage(const QString &text, bool problem)
{
    m_actionMessage = !text.isEmpty();
    m_message->setText(text);
    m_message->setProperty("problem", problem);
    m_message->setStyleSheet(
        problem ? QStringLiteral("color: %1").arg(themeColor(QStringLiteral("negative")).name()) : QString());
}

void ChannelsPage::updateActions()
{
    const bool editing = m_draft.has_value();
    const bool dirty = isDirty();
    const bool saved = m_loaded.has_value();
    const QString problem = draftProblem();
    for (QWidget *w : std::initializer_list<QWidget *> {
             m_name, m_protocol, m_baseUrl, m_secretRef, m_enabled, m_priority, m_weight, m_modelView, m_addModel})
        w->setEnabled(editing && !m_busy);
    // A simulator has no upstream: no address, trust or proxy to set.
    const bool upstream = editing && m_draft->protocol != ChannelProtocol::Simulator;
    m_baseUrl->setEnabled(upstream);
    for (QWidget *w : std::initializer_list<QWidget *> {m_caFile, m_proxy, m_proxySecretRef})
        w->setEnabled(upstream && !m_busy);
    m_removeModel->setEnabled(editing && m_models->rowCount() > 0);
    m_secretValue->setEnabled(editing);
    m_storeSecret->setEnabled(editing && !m_secretValue->text().isEmpty() && !m_busy);
    m_save->setEnabled(dirty && problem.isEmpty() && !m_busy);
    m_revert->setEnabled(dirty && !m_busy);
    m_undo->setEnabled(!m_undoStack.isEmpty() && !m_busy);
    // One edit at a time: save or revert before choosing another channel.
    m_channelView->setEnabled(!dirty);
    m_add->setEnabled(!dirty && !m_busy);
    m_delete->setEnabled(!dirty && saved && !m_busy);
    m_test->setEnabled(!dirty && saved && !m_busy);
    if (m_actionMessage)
        return;
    setMessage(!problem.isEmpty() ? problem
            : dirty               ? tr("Unsaved changes: save them, undo or revert.")
                                  : QString(),
        !problem.isEmpty());
    m_actionMessage = false;
}

void ChannelsPage::save()
{
    if (!m_draft || !isDirty() || !draftProblem().isEmpty())
        return;
    m_busy = true;
    updateActions();
    const auto done = [this](const ClientResult<ChannelView> &result) {
        m_busy = false;
        if (!result.ok() && result.error().code() == AdminError::Conflict) {
            setMessage(tr("Not saved: %1 Reload shows the current version; your edit stays here until then.")
                           .arg(errorText(result.error())),
                true);
            updateActions();
            return;
        }
        if (!result.ok()) {
            setMessage(tr("Not saved: %1").arg(errorText(result.error())), true);
            updateActions();
            return;
        }
        m_loaded = result.value().channel;
        m_draft = m_loaded;
        m_undoStack.clear();
        m_lastEditedField = Field::None;
        showDraft();
        setMessage(
            tr("Saved as version %1; the next request is priced by it.").arg(result.value().channel.version), false);
        loadHistory();
        reload();
    };
    // A saved channel is replaced at the version it was loaded at; a new one is created.
    if (m_loaded)
        adminClient(m_gateway).replaceChannel(this, *m_draft, done);
    else
        adminClient(m_gateway).createChannel(this, *m_draft, done);
}

void ChannelsPage::addChannel()
{
    m_loaded.reset();
    Channel channel;
    channel.protocol = ChannelProtocol::Anthropic;
    channel.baseUrl = QStringLiteral("https://api.anthropic.com");
    m_draft = channel;
    m_undoStack.clear();
    m_history->setItems({});
    m_channelView->clearSelection();
    showDraft();
    m_name->setFocus();
}

void ChannelsPage::deleteChannel()
{
    if (!m_loaded || m_loaded->id.isEmpty())
        return;
    const QString id = m_loaded->id;
    auto *confirm = new QMessageBox(QMessageBox::Question, tr("Delete channel"),
        tr("Delete channel %1? Requests stop using it at once; its ledger history stays.").arg(m_loaded->name),
        QMessageBox::Yes | QMessageBox::No, this);
    confirm->setObjectName(QStringLiteral("confirmDelete"));
    confirm->setAttribute(Qt::WA_DeleteOnClose);
    connect(confirm, &QMessageBox::finished, this, [this, id](int result) {
        if (result != QMessageBox::Yes)
            return;
        m_busy = true;
        updateActions();
        adminClient(m_gateway).deleteChannel(this, id, [this](const ClientResult<ChannelDeleted> &deleted) {
            m_busy = false;
            if (!deleted.ok()) {
                setMessage(tr("Not deleted: %1").arg(errorText(deleted.error())), true);
                updateActions();
                return;
            }
            m_loaded.reset();
            m_draft.reset();
            m_history->setItems({});
            showDraft();
            setMessage(tr("Channel deleted."), false);
            reload();
        });
    });
    confirm->open();
}

void ChannelsPage::addModel()
{
    if (!m_draft)
        return;
    remember(Field::None);
    m_draft->models.append(ModelRoute {}); // no names yet, every price 0
    m_actionMessage = false;
    showDraft();
    const QModelIndex first = m_models->index(m_models->rowCount() - 1, ChannelModelsModel::Model);
    m_modelView->setCurrentIndex(first);
    m_modelView->edit(first);
}

void ChannelsPage::removeModel()
{
    const QModelIndex current = m_modelView->currentIndex();
    if (!current.isValid() || !m_draft || current.row() >= m_draft->models.size())
        return;
    remember(Field::None);
    m_draft->models.removeAt(current.row());
    m_actionMessage = false;
    showDraft();
}

void ChannelsPage::storeSecret()
{
    // The keychain entry is named after the channel; the value leaves this widget at once.
    if (!m_draft)
        return;
    QString name = m_draft->id;
    if (name.isEmpty())
        name = m_draft->name;
    name = QStringLiteral("bytespike-")
        + name.toLower().replace(QRegularExpression(QStringLiteral("[^a-z0-9._-]+")), QStringLiteral("-"));
    const QString value = m_secretValue->text();
    m_secretValue->clear();
    m_busy = true;
    updateActions();
    adminClient(m_gateway).storeSecret(this, name, value, [this, name](const ClientResult<SecretStored> &stored) {
        m_busy = false;
        if (!stored.ok()) {
            setMessage(tr("The keychain did not take the key: %1").arg(errorText(stored.error())), true);
            updateActions();
            return;
        }
        if (m_draft) {
            remember(Field::SecretRef);
            m_draft->secretRef = QStringLiteral("keychain:") + name;
        }
        showDraft();
        setMessage(tr("Stored in the keychain as %1. Save the channel to use it.").arg(name), false);
    });
}

void ChannelsPage::testConnection()
{
    const QString id = m_loaded ? m_loaded->id : QString();
    if (id.isEmpty())
        return;
    setMessage(tr("Testing the connection…"), false);
    m_test->setEnabled(false);
    adminClient(m_gateway).testChannel(this, id, [this](const ClientResult<ChannelTestResult> &result) {
        updateActions();
        Q_EMIT connectionTested(result.ok() && result.value().ok);
        if (result.ok() && result.value().ok) {
            setMessage(
                tr("Connection works: %1 answered in %2 ms.").arg(result.value().model).arg(result.value().latencyMs),
                false);
        } else {
            setMessage(
                tr("Connection failed: %1").arg(result.ok() ? result.value().error : errorText(result.error())), true);
        }
    });
}

void ChannelsPage::loadHistory()
{
    const QString id = m_loaded ? m_loaded->id : QString();
    if (id.isEmpty()) {
        m_history->setItems({});
        return;
    }
    adminClient(m_gateway).priceHistory(this, id, [this, id](const ClientResult<QList<PriceVersion>> &versions) {
        if (versions.ok() && m_loaded && m_loaded->id == id)
            m_history->setItems(versions.value());
    });
}

} // namespace bytespike
