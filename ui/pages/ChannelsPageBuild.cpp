// The channels page's widgets, layout and signal wiring, made once by the constructor.
#include "ChannelsPage.h"

#include "bytespike/GatewayService.h"
#include "models/ChannelModelsModel.h"
#include "models/JsonTableModel.h"
#include "widgets/DollarDelegate.h"
#include "widgets/EmptyState.h"

#include <QCheckBox>
#include <QComboBox>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSpinBox>
#include <QSplitter>
#include <QTabWidget>
#include <QTableView>
#include <QVBoxLayout>

namespace bytespike {

void ChannelsPage::setUpWidgets()
{
    m_noChannels = new EmptyState(m_channelView, m_channels);
    m_noModels = new EmptyState(m_modelView, m_models);
    m_name->setObjectName(QStringLiteral("nameEdit"));
    m_protocol->setObjectName(QStringLiteral("protocolBox"));
    m_baseUrl->setObjectName(QStringLiteral("baseUrlEdit"));
    m_secretRef->setObjectName(QStringLiteral("secretRefEdit"));
    m_caFile->setObjectName(QStringLiteral("caFileEdit"));
    m_proxy->setObjectName(QStringLiteral("proxyEdit"));
    m_proxySecretRef->setObjectName(QStringLiteral("proxySecretRefEdit"));
    m_enabled->setObjectName(QStringLiteral("enabledBox"));
    m_priority->setObjectName(QStringLiteral("prioritySpin"));
    m_weight->setObjectName(QStringLiteral("weightSpin"));
    m_secretValue->setObjectName(QStringLiteral("secretValueEdit"));
    m_message->setObjectName(QStringLiteral("channelMessage"));
    m_message->setWordWrap(true);
    m_message->setTextInteractionFlags(Qt::TextSelectableByMouse | Qt::TextSelectableByKeyboard);
    m_secretValue->setEchoMode(QLineEdit::Password);
    // Each protocol by its API name, with the protocol itself as the item's data.
    for (const ChannelProtocol protocol :
        {ChannelProtocol::Anthropic, ChannelProtocol::OpenAI, ChannelProtocol::Simulator})
        m_protocol->addItem(protocolName(protocol), int(protocol));
    m_priority->setRange(-1000000, 1000000);
    m_weight->setRange(1, 1000000);
    m_undo->setShortcut(QKeySequence::Undo);

    m_channelView->setModel(m_channels);
    m_modelView->setModel(m_models);
    m_modelView->setItemDelegate(new DollarDelegate(m_modelView));
    m_modelView->setEditTriggers(QAbstractItemView::DoubleClicked | QAbstractItemView::SelectedClicked
        | QAbstractItemView::EditKeyPressed | QAbstractItemView::AnyKeyPressed);
    m_modelView->setSelectionBehavior(QAbstractItemView::SelectItems);
    m_historyView->setModel(m_history);
}

void ChannelsPage::buildLayout()
{
    // Left: the channels. Right: the editor.
    auto *listButtons = new QHBoxLayout;
    listButtons->addWidget(m_add);
    listButtons->addWidget(m_delete);
    listButtons->addWidget(m_reload);
    listButtons->addStretch();
    auto *left = new QWidget(this);
    auto *leftLayout = new QVBoxLayout(left);
    leftLayout->setContentsMargins(0, 0, 0, 0);
    leftLayout->addWidget(m_channelView);
    leftLayout->addLayout(listButtons);

    auto *secretRow = new QHBoxLayout;
    secretRow->addWidget(m_secretValue, 1);
    secretRow->addWidget(m_storeSecret);
    for (QWidget *field : std::initializer_list<QWidget *> {m_name, m_protocol, m_baseUrl, m_secretRef, m_caFile,
             m_proxy, m_proxySecretRef, m_enabled, m_priority, m_weight}) {
        auto *label = new QLabel(this);
        label->setBuddy(field);
        m_form->addRow(label, field);
    }
    auto *secretLabel = new QLabel(this);
    secretLabel->setBuddy(m_secretValue);
    m_form->addRow(secretLabel, secretRow);

    auto *modelsPage = new QWidget(this);
    auto *modelButtons = new QHBoxLayout;
    modelButtons->addWidget(m_addModel);
    modelButtons->addWidget(m_removeModel);
    modelButtons->addStretch();
    auto *modelsLayout = new QVBoxLayout(modelsPage);
    modelsLayout->addWidget(m_modelView);
    modelsLayout->addLayout(modelButtons);
    m_tabs->setObjectName(QStringLiteral("channelTabs"));
    m_tabs->addTab(modelsPage, QString());
    m_tabs->addTab(m_historyView, QString());

    auto *actions = new QHBoxLayout;
    actions->addWidget(m_undo);
    actions->addWidget(m_revert);
    actions->addWidget(m_test);
    actions->addStretch();
    actions->addWidget(m_save);
    auto *right = new QWidget(this);
    auto *rightLayout = new QVBoxLayout(right);
    rightLayout->setContentsMargins(0, 0, 0, 0);
    rightLayout->addLayout(m_form);
    rightLayout->addWidget(m_tabs, 1);
    rightLayout->addWidget(m_message);
    rightLayout->addLayout(actions);

    auto *split = new QSplitter(this);
    split->addWidget(left);
    split->addWidget(right);
    split->setStretchFactor(1, 2);
    split->setSizes({440, 840});
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(split);
}

void ChannelsPage::connectSignals()
{
    connect(m_channelView->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
        [this](const QModelIndex &current) {
            if (current.isValid() && !isDirty())
                selectChannel(m_channels->item(current.row()));
        });
    connect(m_name, &QLineEdit::textEdited, this, [this] { formEdited(Field::Name); });
    connect(m_baseUrl, &QLineEdit::textEdited, this, [this] { formEdited(Field::BaseUrl); });
    connect(m_secretRef, &QLineEdit::textEdited, this, [this] { formEdited(Field::SecretRef); });
    connect(m_caFile, &QLineEdit::textEdited, this, [this] { formEdited(Field::CaFile); });
    connect(m_proxy, &QLineEdit::textEdited, this, [this] { formEdited(Field::Proxy); });
    connect(m_proxySecretRef, &QLineEdit::textEdited, this, [this] { formEdited(Field::ProxySecretRef); });
    connect(m_protocol, &QComboBox::activated, this, [this] { formEdited(Field::Protocol); });
    connect(m_enabled, &QCheckBox::toggled, this, [this] { formEdited(Field::Enabled); });
    connect(m_priority, &QSpinBox::valueChanged, this, [this] { formEdited(Field::Priority); });
    connect(m_weight, &QSpinBox::valueChanged, this, [this] { formEdited(Field::Weight); });
    connect(m_secretValue, &QLineEdit::textChanged, this, &ChannelsPage::updateActions);
    connect(m_models, &ChannelModelsModel::aboutToEdit, this, [this] { remember(Field::None); });
    connect(m_models, &ChannelModelsModel::edited, this, [this] {
        if (m_draft)
            m_draft->models = m_models->models();
        draftChanged();
    });
    connect(m_add, &QPushButton::clicked, this, &ChannelsPage::addChannel);
    connect(m_noChannels->action(), &QPushButton::clicked, this, &ChannelsPage::addChannel);
    connect(m_noModels->action(), &QPushButton::clicked, this, &ChannelsPage::addModel);
    connect(m_delete, &QPushButton::clicked, this, &ChannelsPage::deleteChannel);
    connect(m_reload, &QPushButton::clicked, this, [this] {
        revert();
        reload();
    });
    connect(m_addModel, &QPushButton::clicked, this, &ChannelsPage::addModel);
    connect(m_removeModel, &QPushButton::clicked, this, &ChannelsPage::removeModel);
    connect(m_storeSecret, &QPushButton::clicked, this, &ChannelsPage::storeSecret);
    connect(m_undo, &QPushButton::clicked, this, &ChannelsPage::undo);
    connect(m_revert, &QPushButton::clicked, this, &ChannelsPage::revert);
    connect(m_save, &QPushButton::clicked, this, &ChannelsPage::save);
    connect(m_test, &QPushButton::clicked, this, &ChannelsPage::testConnection);
    connect(&m_gateway, &EmbeddedGateway::started, this, &ChannelsPage::reload);
}

} // namespace bytespike
