<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>Attach</name>
    <message>
        <source>a gateway address is http:// or https:// and a host, such as http://127.0.0.1:8787</source>
        <translation>网关地址由 http:// 或 https:// 和主机组成，例如 http://127.0.0.1:8787</translation>
    </message>
    <message>
        <source>a gateway address has no user, path, query or fragment</source>
        <translation>网关地址不含用户、路径、查询或片段</translation>
    </message>
    <message>
        <source>cannot read the admin token file %1: %2</source>
        <translation>无法读取管理令牌文件 %1：%2</translation>
    </message>
    <message>
        <source>the admin token file %1 holds no token (printable characters, at most %2)</source>
        <translation>管理令牌文件 %1 中没有令牌（可打印字符，最多 %2 个）</translation>
    </message>
</context>
<context>
    <name>GatewayCalls</name>
    <message>
        <source>the gateway cannot be reached</source>
        <translation>无法连接到网关</translation>
    </message>
    <message>
        <source>the gateway refused the admin token</source>
        <translation>网关拒绝了管理令牌</translation>
    </message>
    <message>
        <source>the operator&apos;s role does not allow this</source>
        <translation>操作员的角色不允许此操作</translation>
    </message>
    <message>
        <source>it no longer exists; reload the page</source>
        <translation>它已不存在；请重新加载页面</translation>
    </message>
    <message>
        <source>the gateway could not do it (its log says why)</source>
        <translation>网关无法完成（原因见其日志）</translation>
    </message>
    <message>
        <source>the gateway cannot do this now (stopped, or its keychain is unavailable)</source>
        <translation>网关现在无法执行（已停止，或其钥匙串不可用）</translation>
    </message>
</context>
<context>
    <name>GatewayOptions</name>
    <message>
        <source>Where bytespike.db and logs live.</source>
        <translation>bytespike.db 和日志所在的目录。</translation>
    </message>
    <message>
        <source>sqlite (default: DATA_DIR/bytespike.db) or a PostgreSQL database as a postgresql:// URI.</source>
        <translation>sqlite（默认：DATA_DIR/bytespike.db）或以 postgresql:// URI 指定的 PostgreSQL 数据库。</translation>
    </message>
    <message>
        <source>Public API address (default 127.0.0.1:8787; port 0 picks a free port).</source>
        <translation>公共 API 地址（默认 127.0.0.1:8787；端口 0 表示自动选择空闲端口）。</translation>
    </message>
    <message>
        <source>Separate admin API address (default: the public listener).</source>
        <translation>单独的管理 API 地址（默认：与公共监听地址相同）。</translation>
    </message>
    <message>
        <source>error, warn, info or debug (default info).</source>
        <translation>error、warn、info 或 debug（默认 info）。</translation>
    </message>
</context>
<context>
    <name>PricingExport</name>
    <message>
        <source>Rate card</source>
        <translation>价目表</translation>
    </message>
    <message>
        <source>Prices in US dollars per million tokens</source>
        <translation>价格单位：美元 / 百万 token</translation>
    </message>
    <message>
        <source>No models are offered right now.</source>
        <translation>当前没有提供任何模型。</translation>
    </message>
    <message>
        <source>Model</source>
        <translation>模型</translation>
    </message>
    <message>
        <source>Channel</source>
        <translation>渠道</translation>
    </message>
    <message>
        <source>Input</source>
        <translation>输入</translation>
    </message>
    <message>
        <source>Output</source>
        <translation>输出</translation>
    </message>
    <message>
        <source>Cache write</source>
        <translation>缓存写入</translation>
    </message>
    <message>
        <source>Cache read</source>
        <translation>缓存读取</translation>
    </message>
    <message>
        <source>Price version</source>
        <translation>价格版本</translation>
    </message>
    <message>
        <source>Generated %1 from the gateway&apos;s channel registry</source>
        <translation>生成于 %1，来源：网关渠道注册表</translation>
    </message>
</context>
<context>
    <name>Statement</name>
    <message>
        <source>Statement</source>
        <translation>账单</translation>
    </message>
    <message>
        <source>Customer</source>
        <translation>客户</translation>
    </message>
    <message>
        <source>Period</source>
        <translation>期间</translation>
    </message>
    <message>
        <source>Date</source>
        <translation>日期</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>类型</translation>
    </message>
    <message>
        <source>Request</source>
        <translation>请求</translation>
    </message>
    <message>
        <source>Input tokens</source>
        <translation>输入 token</translation>
    </message>
    <message>
        <source>Output tokens</source>
        <translation>输出 token</translation>
    </message>
    <message>
        <source>Price version</source>
        <translation>价格版本</translation>
    </message>
    <message>
        <source>Amount</source>
        <translation>金额</translation>
    </message>
    <message>
        <source>Opening balance</source>
        <translation>期初余额</translation>
    </message>
    <message>
        <source>Closing balance</source>
        <translation>期末余额</translation>
    </message>
    <message>
        <source>Credit</source>
        <translation>充值</translation>
    </message>
    <message>
        <source>Debit</source>
        <translation>扣费</translation>
    </message>
    <message>
        <source>Summary</source>
        <translation>摘要</translation>
    </message>
    <message>
        <source>Credits</source>
        <translation>充值</translation>
    </message>
    <message>
        <source>Debits</source>
        <translation>扣费</translation>
    </message>
    <message>
        <source>Debits per day</source>
        <translation>每日扣费</translation>
    </message>
    <message>
        <source>Debits per model</source>
        <translation>按模型扣费</translation>
    </message>
    <message>
        <source>Model</source>
        <translation>模型</translation>
    </message>
    <message>
        <source>Requests</source>
        <translation>请求数</translation>
    </message>
    <message>
        <source>Lines</source>
        <translation>明细</translation>
    </message>
    <message>
        <source>Balance per day</source>
        <translation>每日余额</translation>
    </message>
    <message>
        <source>Days with lines only, at most the last %1.</source>
        <translation>仅列出有明细的日期，最多最近 %1 天。</translation>
    </message>
</context>
<context>
    <name>bytespike::ChannelModelsModel</name>
    <message>
        <source>Price minus upstream cost per million tokens: input / output</source>
        <translation>每百万令牌价格减上游成本：输入 / 输出</translation>
    </message>
    <message>
        <source>Edited: not saved yet (Ctrl+S saves, Ctrl+Z undoes)</source>
        <translation>已修改，尚未保存（Ctrl+S 保存，Ctrl+Z 撤销）</translation>
    </message>
</context>
<context>
    <name>bytespike::ChannelsPage</name>
    <message>
        <source>Name</source>
        <translation>名称</translation>
    </message>
    <message>
        <source>Protocol</source>
        <translation>协议</translation>
    </message>
    <message>
        <source>Enabled</source>
        <translation>启用</translation>
    </message>
    <message>
        <source>Priority</source>
        <translation>优先级</translation>
    </message>
    <message>
        <source>Weight</source>
        <translation>权重</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Version</source>
        <translation>版本</translation>
    </message>
    <message>
        <source>Model</source>
        <translation>模型</translation>
    </message>
    <message>
        <source>Upstream model</source>
        <translation>上游模型</translation>
    </message>
    <message>
        <source>Input $/MTok</source>
        <translation>输入 $/MTok</translation>
    </message>
    <message>
        <source>Output $/MTok</source>
        <translation>输出 $/MTok</translation>
    </message>
    <message>
        <source>Cache write $/MTok</source>
        <translation>缓存写入 $/MTok</translation>
    </message>
    <message>
        <source>Cache read $/MTok</source>
        <translation>缓存读取 $/MTok</translation>
    </message>
    <message>
        <source>Margin in / out</source>
        <translation>利润 入 / 出</translation>
    </message>
    <message>
        <source>Time</source>
        <translation>时间</translation>
    </message>
    <message>
        <source>Input</source>
        <translation>输入</translation>
    </message>
    <message>
        <source>Output</source>
        <translation>输出</translation>
    </message>
    <message>
        <source>Input before</source>
        <translation>之前的输入</translation>
    </message>
    <message>
        <source>Output before</source>
        <translation>之前的输出</translation>
    </message>
    <message>
        <source>Changed by</source>
        <translation>修改人</translation>
    </message>
    <message>
        <source>&amp;Name:</source>
        <translation>名称(&amp;N)：</translation>
    </message>
    <message>
        <source>P&amp;rotocol:</source>
        <translation>协议(&amp;R)：</translation>
    </message>
    <message>
        <source>&amp;Base URL:</source>
        <translation>基础 URL(&amp;B)：</translation>
    </message>
    <message>
        <source>Secret &amp;reference:</source>
        <translation>密钥引用(&amp;R)：</translation>
    </message>
    <message>
        <source>E&amp;nabled:</source>
        <translation>启用(&amp;N)：</translation>
    </message>
    <message>
        <source>Pr&amp;iority:</source>
        <translation>优先级(&amp;I)：</translation>
    </message>
    <message>
        <source>&amp;Weight:</source>
        <translation>权重(&amp;W)：</translation>
    </message>
    <message>
        <source>&amp;Keychain secret:</source>
        <translation>钥匙串密钥(&amp;K)：</translation>
    </message>
    <message>
        <source>Route requests to this channel</source>
        <translation>将请求路由到此通道</translation>
    </message>
    <message>
        <source>keychain:NAME, env:VAR or file:PATH</source>
        <translation>keychain:名称、env:变量 或 file:路径</translation>
    </message>
    <message>
        <source>Paste a provider key to store it in the keychain</source>
        <translation>粘贴提供商密钥以存入钥匙串</translation>
    </message>
    <message>
        <source>&amp;Add channel</source>
        <translation>添加通道(&amp;A)</translation>
    </message>
    <message>
        <source>&amp;Delete channel</source>
        <translation>删除通道(&amp;D)</translation>
    </message>
    <message>
        <source>Re&amp;load</source>
        <translation>重新加载(&amp;L)</translation>
    </message>
    <message>
        <source>Add &amp;model</source>
        <translation>添加模型(&amp;M)</translation>
    </message>
    <message>
        <source>Remove m&amp;odel</source>
        <translation>移除模型(&amp;O)</translation>
    </message>
    <message>
        <source>Store in &amp;keychain</source>
        <translation>存入钥匙串(&amp;K)</translation>
    </message>
    <message>
        <source>&amp;Undo</source>
        <translation>撤销(&amp;U)</translation>
    </message>
    <message>
        <source>Re&amp;vert</source>
        <translation>还原(&amp;V)</translation>
    </message>
    <message>
        <source>&amp;Save</source>
        <translation>保存(&amp;S)</translation>
    </message>
    <message>
        <source>&amp;Test connection</source>
        <translation>测试连接(&amp;T)</translation>
    </message>
    <message>
        <source>Models and prices</source>
        <translation>模型和价格</translation>
    </message>
    <message>
        <source>Price history</source>
        <translation>价格历史</translation>
    </message>
    <message>
        <source>Channels</source>
        <translation>通道</translation>
    </message>
    <message>
        <source>Models and prices of the selected channel</source>
        <translation>所选通道的模型和价格</translation>
    </message>
    <message>
        <source>Price history of the selected channel</source>
        <translation>所选通道的价格历史</translation>
    </message>
    <message>
        <source>Channel name</source>
        <translation>通道名称</translation>
    </message>
    <message>
        <source>Channel protocol</source>
        <translation>通道协议</translation>
    </message>
    <message>
        <source>Base URL</source>
        <translation>基础 URL</translation>
    </message>
    <message>
        <source>Secret reference</source>
        <translation>密钥引用</translation>
    </message>
    <message>
        <source>Channel enabled</source>
        <translation>通道已启用</translation>
    </message>
    <message>
        <source>Provider key to store in the keychain</source>
        <translation>要存入钥匙串的提供商密钥</translation>
    </message>
    <message>
        <source>Channel editor messages</source>
        <translation>通道编辑器消息</translation>
    </message>
    <message>
        <source>Add a channel</source>
        <translation>添加通道</translation>
    </message>
    <message>
        <source>Delete the selected channel</source>
        <translation>删除所选通道</translation>
    </message>
    <message>
        <source>Reload the channels and discard unsaved edits</source>
        <translation>重新加载通道并放弃未保存的编辑</translation>
    </message>
    <message>
        <source>Add a model</source>
        <translation>添加模型</translation>
    </message>
    <message>
        <source>Remove the selected model</source>
        <translation>移除所选模型</translation>
    </message>
    <message>
        <source>Store the provider key in the keychain</source>
        <translation>将提供商密钥存入钥匙串</translation>
    </message>
    <message>
        <source>Undo the last unsaved edit</source>
        <translation>撤销最后一次未保存的编辑</translation>
    </message>
    <message>
        <source>Revert every unsaved edit</source>
        <translation>还原所有未保存的编辑</translation>
    </message>
    <message>
        <source>Save the channel</source>
        <translation>保存通道</translation>
    </message>
    <message>
        <source>Test the connection to the provider</source>
        <translation>测试与提供商的连接</translation>
    </message>
    <message>
        <source>Cannot load the channels: %1</source>
        <translation>无法加载通道：%1</translation>
    </message>
    <message>
        <source>Unavailable: %1</source>
        <translation>不可用：%1</translation>
    </message>
    <message>
        <source>A channel needs a name.</source>
        <translation>通道需要名称。</translation>
    </message>
    <message>
        <source>The base URL must be an http:// or https:// address.</source>
        <translation>基础 URL 必须是 http:// 或 https:// 地址。</translation>
    </message>
    <message>
        <source>Every model needs a public name.</source>
        <translation>每个模型都需要公开名称。</translation>
    </message>
    <message>
        <source>Model %1 is listed twice.</source>
        <translation>模型 %1 重复列出。</translation>
    </message>
    <message>
        <source>Unsaved changes: save them, undo or revert.</source>
        <translation>有未保存的更改：请保存、撤销或还原。</translation>
    </message>
    <message>
        <source>Not saved: %1 Reload shows the current version; your edit stays here until then.</source>
        <translation>未保存：%1 重新加载会显示当前版本；在此之前您的编辑保留在这里。</translation>
    </message>
    <message>
        <source>Not saved: %1</source>
        <translation>未保存：%1</translation>
    </message>
    <message>
        <source>Saved as version %1; the next request is priced by it.</source>
        <translation>已保存为版本 %1；下一个请求将按此计价。</translation>
    </message>
    <message>
        <source>Delete channel</source>
        <translation>删除通道</translation>
    </message>
    <message>
        <source>Delete channel %1? Requests stop using it at once; its ledger history stays.</source>
        <translation>删除通道 %1？请求将立即停止使用它；其账本历史会保留。</translation>
    </message>
    <message>
        <source>Not deleted: %1</source>
        <translation>未删除：%1</translation>
    </message>
    <message>
        <source>Channel deleted.</source>
        <translation>通道已删除。</translation>
    </message>
    <message>
        <source>The keychain did not take the key: %1</source>
        <translation>钥匙串未接受该密钥：%1</translation>
    </message>
    <message>
        <source>Stored in the keychain as %1. Save the channel to use it.</source>
        <translation>已作为 %1 存入钥匙串。保存通道后即可使用。</translation>
    </message>
    <message>
        <source>Testing the connection…</source>
        <translation>正在测试连接…</translation>
    </message>
    <message>
        <source>Connection works: %1 answered in %2 ms.</source>
        <translation>连接正常：%1 在 %2 毫秒内响应。</translation>
    </message>
    <message>
        <source>Connection failed: %1</source>
        <translation>连接失败：%1</translation>
    </message>
    <message>
        <source>&amp;CA file:</source>
        <translation>CA 文件(&amp;C)：</translation>
    </message>
    <message>
        <source>Pro&amp;xy:</source>
        <translation>代理(&amp;X)：</translation>
    </message>
    <message>
        <source>Proxy secret re&amp;ference:</source>
        <translation>代理密钥引用(&amp;F)：</translation>
    </message>
    <message>
        <source>empty: the system&apos;s trusted CAs</source>
        <translation>留空：使用系统信任的 CA</translation>
    </message>
    <message>
        <source>empty: HTTPS_PROXY from the environment; direct; or http://host:port</source>
        <translation>留空：使用环境变量中的 HTTPS_PROXY；direct；或 http://host:port</translation>
    </message>
    <message>
        <source>keychain:NAME, env:VAR or file:PATH holding user:password</source>
        <translation>keychain:名称、env:变量 或 file:路径，内容为 user:password</translation>
    </message>
    <message>
        <source>An absolute path to a PEM file (https:// base URLs only): its certificates are then the only CAs trusted for this channel. Leave it empty to trust the system&apos;s CAs.</source>
        <translation>PEM 文件的绝对路径（仅限 https:// 基础 URL）：此渠道将只信任该文件中的证书作为 CA。留空则信任系统的 CA。</translation>
    </message>
    <message>
        <source>How to reach the provider: empty uses HTTPS_PROXY or HTTP_PROXY from the environment, direct uses no proxy, and http://host:port tunnels through that proxy with CONNECT. Credentials do not belong in the URL: use the proxy secret reference.</source>
        <translation>如何连接提供商：留空使用环境变量中的 HTTPS_PROXY 或 HTTP_PROXY，direct 不使用代理，http://host:port 通过该代理以 CONNECT 建立隧道。凭据不要写在 URL 中：请使用代理密钥引用。</translation>
    </message>
    <message>
        <source>Where the proxy&apos;s user:password is kept (keychain:NAME, env:VAR or file:PATH); sent as Proxy-Authorization. Only with a proxy URL.</source>
        <translation>代理的 user:password 所在位置（keychain:名称、env:变量 或 file:路径）；以 Proxy-Authorization 发送。仅在设置代理 URL 时使用。</translation>
    </message>
    <message>
        <source>CA file</source>
        <translation>CA 文件</translation>
    </message>
    <message>
        <source>Proxy</source>
        <translation>代理</translation>
    </message>
    <message>
        <source>Proxy secret reference</source>
        <translation>代理密钥引用</translation>
    </message>
    <message>
        <source>The CA file must be an absolute path, like /etc/ssl/certs/provider.pem.</source>
        <translation>CA 文件必须是绝对路径，例如 /etc/ssl/certs/provider.pem。</translation>
    </message>
    <message>
        <source>A CA file applies to https:// base URLs only: clear it or use https://.</source>
        <translation>CA 文件仅适用于 https:// 基础 URL：请清空它或改用 https://。</translation>
    </message>
    <message>
        <source>No channels: the gateway has nowhere to send a request.</source>
        <translation>没有渠道：网关无处发送请求。</translation>
    </message>
    <message>
        <source>This channel serves no model yet.</source>
        <translation>此渠道尚未提供任何模型。</translation>
    </message>
</context>
<context>
    <name>bytespike::ConnectDialog</name>
    <message>
        <source>The admin token is the bsa-... text from the gateway&apos;s admin-token file or its BYTESPIKE_ADMIN_TOKEN: printable characters without spaces.</source>
        <translation>管理令牌是网关 admin-token 文件或其 BYTESPIKE_ADMIN_TOKEN 中的 bsa-... 文本：不含空格的可打印字符。</translation>
    </message>
    <message>
        <source>Connect to a gateway</source>
        <translation>连接到网关</translation>
    </message>
    <message>
        <source>&amp;Address:</source>
        <translation>地址(&amp;A)：</translation>
    </message>
    <message>
        <source>Admin &amp;token:</source>
        <translation>管理令牌(&amp;T)：</translation>
    </message>
    <message>
        <source>&amp;Keep the token in the system keychain</source>
        <translation>将令牌保存在系统钥匙串中(&amp;K)</translation>
    </message>
    <message>
        <source>Gateway address</source>
        <translation>网关地址</translation>
    </message>
    <message>
        <source>Admin token</source>
        <translation>管理令牌</translation>
    </message>
    <message>
        <source>Keep the token in the system keychain</source>
        <translation>将令牌保存在系统钥匙串中</translation>
    </message>
    <message>
        <source>&amp;Connect</source>
        <translation>连接(&amp;C)</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
</context>
<context>
    <name>bytespike::CustomerLimitsDialog</name>
    <message>
        <source>Limits of %1</source>
        <translation>%1 的限制</translation>
    </message>
    <message>
        <source>Customer limits messages</source>
        <translation>客户限制消息</translation>
    </message>
    <message>
        <source>&amp;Save</source>
        <translation>保存(&amp;S)</translation>
    </message>
    <message>
        <source>no limit</source>
        <translation>不限</translation>
    </message>
    <message>
        <source>Requests per minute across the customer&apos;s keys, 0 for no limit</source>
        <translation>客户所有密钥合计的每分钟请求数，0 表示不限</translation>
    </message>
    <message>
        <source>Tokens per minute across the customer&apos;s keys, 0 for no limit</source>
        <translation>客户所有密钥合计的每分钟令牌数，0 表示不限</translation>
    </message>
    <message>
        <source>Requests at once across the customer&apos;s keys, 0 for no limit</source>
        <translation>客户所有密钥合计的并发请求数，0 表示不限</translation>
    </message>
    <message>
        <source>These limits hold across all of the customer&apos;s keys; each key can have its own too.</source>
        <translation>这些限制作用于该客户的所有密钥之和；每个密钥还可以有自己的限制。</translation>
    </message>
    <message>
        <source>&amp;Requests per minute:</source>
        <translation>每分钟请求数(&amp;R)：</translation>
    </message>
    <message>
        <source>&amp;Tokens per minute:</source>
        <translation>每分钟令牌数(&amp;T)：</translation>
    </message>
    <message>
        <source>Requests at &amp;once:</source>
        <translation>并发请求数(&amp;O)：</translation>
    </message>
    <message>
        <source>%1 requests/min</source>
        <translation>%1 次请求/分钟</translation>
    </message>
    <message>
        <source>%1 tokens/min</source>
        <translation>%1 个令牌/分钟</translation>
    </message>
    <message>
        <source>%1 at once</source>
        <translation>并发 %1 个</translation>
    </message>
    <message>
        <source>no limits</source>
        <translation>无限制</translation>
    </message>
    <message>
        <source>Not saved: %1</source>
        <translation>未保存：%1</translation>
    </message>
</context>
<context>
    <name>bytespike::CustomersPage</name>
    <message>
        <source>Name</source>
        <translation>名称</translation>
    </message>
    <message>
        <source>Id</source>
        <translation>ID</translation>
    </message>
    <message>
        <source>Balance</source>
        <translation>余额</translation>
    </message>
    <message>
        <source>Held</source>
        <translation>冻结</translation>
    </message>
    <message>
        <source>Available</source>
        <translation>可用</translation>
    </message>
    <message>
        <source>Key</source>
        <translation>密钥</translation>
    </message>
    <message>
        <source>Created</source>
        <translation>创建时间</translation>
    </message>
    <message>
        <source>Revoked</source>
        <translation>吊销时间</translation>
    </message>
    <message>
        <source>Time</source>
        <translation>时间</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>类型</translation>
    </message>
    <message>
        <source>Endpoint</source>
        <translation>端点</translation>
    </message>
    <message>
        <source>Request</source>
        <translation>请求</translation>
    </message>
    <message>
        <source>Input tokens</source>
        <translation>输入令牌</translation>
    </message>
    <message>
        <source>Output tokens</source>
        <translation>输出令牌</translation>
    </message>
    <message>
        <source>Price version</source>
        <translation>价格版本</translation>
    </message>
    <message>
        <source>Amount</source>
        <translation>金额</translation>
    </message>
    <message>
        <source>Memo</source>
        <translation>备注</translation>
    </message>
    <message>
        <source>Top-&amp;up ($):</source>
        <translation>充值（$）(&amp;U)：</translation>
    </message>
    <message>
        <source>M&amp;emo:</source>
        <translation>备注(&amp;E)：</translation>
    </message>
    <message>
        <source>&amp;Key name:</source>
        <translation>密钥名称(&amp;K)：</translation>
    </message>
    <message>
        <source>New &amp;key:</source>
        <translation>新密钥(&amp;K)：</translation>
    </message>
    <message>
        <source>&amp;From:</source>
        <translation>从(&amp;F)：</translation>
    </message>
    <message>
        <source>&amp;To:</source>
        <translation>到(&amp;T)：</translation>
    </message>
    <message>
        <source>New customer&apos;s name</source>
        <translation>新客户名称</translation>
    </message>
    <message>
        <source>A new key is shown here once</source>
        <translation>新密钥只在此显示一次</translation>
    </message>
    <message>
        <source>&amp;Add customer</source>
        <translation>添加客户(&amp;A)</translation>
    </message>
    <message>
        <source>Add &amp;credit</source>
        <translation>充值(&amp;C)</translation>
    </message>
    <message>
        <source>Create &amp;key</source>
        <translation>创建密钥(&amp;K)</translation>
    </message>
    <message>
        <source>&amp;Revoke key</source>
        <translation>吊销密钥(&amp;R)</translation>
    </message>
    <message>
        <source>C&amp;opy</source>
        <translation>复制(&amp;O)</translation>
    </message>
    <message>
        <source>&amp;Show statement</source>
        <translation>显示账单(&amp;S)</translation>
    </message>
    <message>
        <source>Export CS&amp;V</source>
        <translation>导出 CS&amp;V</translation>
    </message>
    <message>
        <source>Export P&amp;DF</source>
        <translation>导出 P&amp;DF</translation>
    </message>
    <message>
        <source>&amp;Print</source>
        <translation>打印(&amp;P)</translation>
    </message>
    <message>
        <source>Statement</source>
        <translation>账单</translation>
    </message>
    <message>
        <source>Keys</source>
        <translation>密钥</translation>
    </message>
    <message>
        <source>Daily spend by model</source>
        <translation>按模型的每日支出</translation>
    </message>
    <message>
        <source>Customers and their balances</source>
        <translation>客户及其余额</translation>
    </message>
    <message>
        <source>Name of a new customer</source>
        <translation>新客户的名称</translation>
    </message>
    <message>
        <source>Add the customer</source>
        <translation>添加该客户</translation>
    </message>
    <message>
        <source>Balance of the selected customer</source>
        <translation>所选客户的余额</translation>
    </message>
    <message>
        <source>Top-up amount in dollars</source>
        <translation>充值金额（美元）</translation>
    </message>
    <message>
        <source>Top-up memo</source>
        <translation>充值备注</translation>
    </message>
    <message>
        <source>Add the credit to the balance</source>
        <translation>将金额充入余额</translation>
    </message>
    <message>
        <source>Keys of the selected customer</source>
        <translation>所选客户的密钥</translation>
    </message>
    <message>
        <source>Name of a new key</source>
        <translation>新密钥的名称</translation>
    </message>
    <message>
        <source>Create a key</source>
        <translation>创建密钥</translation>
    </message>
    <message>
        <source>Revoke the selected key</source>
        <translation>吊销所选密钥</translation>
    </message>
    <message>
        <source>The new key, shown once</source>
        <translation>新密钥（仅显示一次）</translation>
    </message>
    <message>
        <source>Copy the new key</source>
        <translation>复制新密钥</translation>
    </message>
    <message>
        <source>Statement from</source>
        <translation>账单起始</translation>
    </message>
    <message>
        <source>Statement to</source>
        <translation>账单截止</translation>
    </message>
    <message>
        <source>Show the statement for the period</source>
        <translation>显示该期间的账单</translation>
    </message>
    <message>
        <source>Export the statement as CSV</source>
        <translation>将账单导出为 CSV</translation>
    </message>
    <message>
        <source>Export the statement as PDF</source>
        <translation>将账单导出为 PDF</translation>
    </message>
    <message>
        <source>Print the statement</source>
        <translation>打印账单</translation>
    </message>
    <message>
        <source>Statement totals</source>
        <translation>账单合计</translation>
    </message>
    <message>
        <source>Chart of daily spend stacked by model</source>
        <translation>按模型堆叠的每日支出图表</translation>
    </message>
    <message>
        <source>Chart of the balance over the period</source>
        <translation>期间余额图表</translation>
    </message>
    <message>
        <source>Statement lines</source>
        <translation>账单明细</translation>
    </message>
    <message>
        <source>Customer messages</source>
        <translation>客户消息</translation>
    </message>
    <message>
        <source>Cannot load the customers: %1</source>
        <translation>无法加载客户：%1</translation>
    </message>
    <message>
        <source>%1: balance %2, held %3, available %4</source>
        <translation>%1：余额 %2，冻结 %3，可用 %4</translation>
    </message>
    <message>
        <source>A customer needs a name.</source>
        <translation>客户需要名称。</translation>
    </message>
    <message>
        <source>Not added: %1</source>
        <translation>未添加：%1</translation>
    </message>
    <message>
        <source>Customer added.</source>
        <translation>已添加客户。</translation>
    </message>
    <message>
        <source>Type the top-up in dollars, for example 25 or 12.50.</source>
        <translation>请输入美元金额，例如 25 或 12.50。</translation>
    </message>
    <message>
        <source>Not credited: %1</source>
        <translation>未充值：%1</translation>
    </message>
    <message>
        <source>Credited %1.</source>
        <translation>已充值 %1。</translation>
    </message>
    <message>
        <source>console</source>
        <translation>控制台</translation>
    </message>
    <message>
        <source>No key created: %1</source>
        <translation>未创建密钥：%1</translation>
    </message>
    <message>
        <source>Copy the new key now: it is not shown again.</source>
        <translation>请立即复制新密钥：它不会再次显示。</translation>
    </message>
    <message>
        <source>Choose a key to revoke on the Keys tab.</source>
        <translation>请在“密钥”标签页中选择要吊销的密钥。</translation>
    </message>
    <message>
        <source>Not revoked: %1</source>
        <translation>未吊销：%1</translation>
    </message>
    <message>
        <source>Key revoked; requests with it are refused from now on.</source>
        <translation>密钥已吊销；此后使用它的请求将被拒绝。</translation>
    </message>
    <message>
        <source>No statement: %1</source>
        <translation>无账单：%1</translation>
    </message>
    <message>
        <source>Opening %1 · credits %2 · debits %3 · closing %4</source>
        <translation>期初 %1 · 充值 %2 · 扣费 %3 · 期末 %4</translation>
    </message>
    <message>
        <source>Not exported: %1</source>
        <translation>未导出：%1</translation>
    </message>
    <message>
        <source>Saved %1.</source>
        <translation>已保存 %1。</translation>
    </message>
    <message>
        <source>Cannot write %1.</source>
        <translation>无法写入 %1。</translation>
    </message>
    <message>
        <source>Cannot print: %1</source>
        <translation>无法打印：%1</translation>
    </message>
    <message>
        <source>Sent to the printer.</source>
        <translation>已发送到打印机。</translation>
    </message>
    <message>
        <source>The printer refused the statement.</source>
        <translation>打印机拒绝了该账单。</translation>
    </message>
    <message>
        <source>Limits</source>
        <translation>限制</translation>
    </message>
    <message>
        <source>Budget used</source>
        <translation>已用预算</translation>
    </message>
    <message>
        <source>&amp;New key with limits…</source>
        <translation>带限制的新密钥(&amp;N)…</translation>
    </message>
    <message>
        <source>Edit key l&amp;imits…</source>
        <translation>编辑密钥限制(&amp;I)…</translation>
    </message>
    <message>
        <source>Customer &amp;limits…</source>
        <translation>客户限制(&amp;L)…</translation>
    </message>
    <message>
        <source>Create a key with limits</source>
        <translation>创建带限制的密钥</translation>
    </message>
    <message>
        <source>Edit the limits of the selected key</source>
        <translation>编辑所选密钥的限制</translation>
    </message>
    <message>
        <source>Edit the limits of the selected customer</source>
        <translation>编辑所选客户的限制</translation>
    </message>
    <message>
        <source>Limits of the selected customer</source>
        <translation>所选客户的限制</translation>
    </message>
    <message>
        <source>Customer limits: %1</source>
        <translation>客户限制：%1</translation>
    </message>
    <message>
        <source>Choose a key to edit on the Keys tab.</source>
        <translation>请在“密钥”标签页中选择要编辑的密钥。</translation>
    </message>
    <message>
        <source>Limits of %1 saved.</source>
        <translation>已保存 %1 的限制。</translation>
    </message>
    <message>
        <source>No customers yet.</source>
        <translation>还没有客户。</translation>
    </message>
    <message>
        <source>Add a customer</source>
        <translation>添加客户</translation>
    </message>
    <message>
        <source>This customer has no key: its clients cannot call the gateway yet.</source>
        <translation>此客户没有密钥：其客户端还无法调用网关。</translation>
    </message>
    <message>
        <source>Select a customer to see its statement.</source>
        <translation>选择一个客户以查看其账单。</translation>
    </message>
    <message>
        <source>No credit and no billed request in this period.</source>
        <translation>此期间没有充值，也没有计费请求。</translation>
    </message>
    <message>
        <source>Add a credit</source>
        <translation>添加充值</translation>
    </message>
</context>
<context>
    <name>bytespike::DollarDelegate</name>
    <message>
        <source>Price in dollars per million tokens</source>
        <translation>每百万令牌的价格（美元）</translation>
    </message>
</context>
<context>
    <name>bytespike::DollarValidator</name>
    <message>
        <source>Dollars only, with at most six decimals: for example 3.75</source>
        <translation>只能输入美元金额，最多六位小数：例如 3.75</translation>
    </message>
</context>
<context>
    <name>bytespike::GatewayAttachment</name>
    <message>
        <source>The gateway at %1 refused the admin token (%2).</source>
        <translation>位于 %1 的网关拒绝了管理令牌（%2）。</translation>
    </message>
    <message>
        <source>Lost the connection to the gateway at %1; trying again.</source>
        <translation>与位于 %1 的网关的连接已断开；正在重试。</translation>
    </message>
    <message>
        <source>Cannot reach the gateway at %1; trying again.</source>
        <translation>无法连接位于 %1 的网关；正在重试。</translation>
    </message>
    <message>
        <source>The gateway at %1 answered: %2</source>
        <translation>位于 %1 的网关答复：%2</translation>
    </message>
</context>
<context>
    <name>bytespike::GetStarted</name>
    <message>
        <source>Get started</source>
        <translation>入门</translation>
    </message>
    <message>
        <source>&amp;Copy the demo key</source>
        <translation>复制演示密钥(&amp;C)</translation>
    </message>
    <message>
        <source>Open C&amp;hannels</source>
        <translation>打开通道(&amp;H)</translation>
    </message>
    <message>
        <source>Open the &amp;Playground</source>
        <translation>打开测试台(&amp;P)</translation>
    </message>
    <message>
        <source>Hide this list</source>
        <translation>隐藏此列表</translation>
    </message>
    <message>
        <source>Copy the demo customer key</source>
        <translation>复制演示客户密钥</translation>
    </message>
    <message>
        <source>Open the Channels page</source>
        <translation>打开通道页面</translation>
    </message>
    <message>
        <source>Open the Playground page</source>
        <translation>打开测试台页面</translation>
    </message>
    <message>
        <source>Hide the get-started list</source>
        <translation>隐藏入门列表</translation>
    </message>
    <message>
        <source>Copy the demo key: a customer key with a credit, for a first request from any client.</source>
        <translation>复制演示密钥：一个带额度的客户密钥，可从任何客户端发送第一个请求。</translation>
    </message>
    <message>
        <source>Add a provider: a channel of the Anthropic or OpenAI protocol with its base URL.</source>
        <translation>添加提供方：一个使用 Anthropic 或 OpenAI 协议的通道及其基础 URL。</translation>
    </message>
    <message>
        <source>Store its key: paste the provider key on the channel to keep it in the keychain.</source>
        <translation>保存其密钥：在通道上粘贴提供方密钥，将其保存在钥匙串中。</translation>
    </message>
    <message>
        <source>Test it: Test connection on the channel sends it one small request.</source>
        <translation>测试：通道上的“测试连接”会向其发送一个小请求。</translation>
    </message>
    <message>
        <source>Set prices: what customers pay per million tokens for each model of the channel.</source>
        <translation>设置价格：客户为该通道每个模型每百万令牌支付的金额。</translation>
    </message>
    <message>
        <source>Send a first request from the Playground and see it billed.</source>
        <translation>从测试台发送第一个请求并查看其计费。</translation>
    </message>
    <message>
        <source>Done: %1</source>
        <translation>已完成：%1</translation>
    </message>
    <message>
        <source>To do: %1</source>
        <translation>待完成：%1</translation>
    </message>
</context>
<context>
    <name>bytespike::JsonTableModel</name>
    <message>
        <source>%1 ms</source>
        <translation>%1 毫秒</translation>
    </message>
    <message>
        <source>yes</source>
        <translation>是</translation>
    </message>
    <message>
        <source>no</source>
        <translation>否</translation>
    </message>
    <message>
        <source>credit</source>
        <translation>充值</translation>
    </message>
    <message>
        <source>debit</source>
        <translation>扣费</translation>
    </message>
    <message>
        <source>pending</source>
        <translation>待定</translation>
    </message>
    <message>
        <source>posted</source>
        <translation>已入账</translation>
    </message>
    <message>
        <source>voided</source>
        <translation>已作废</translation>
    </message>
    <message>
        <source>expired</source>
        <translation>已过期</translation>
    </message>
    <message>
        <source>ready</source>
        <translation>就绪</translation>
    </message>
    <message>
        <source>unavailable</source>
        <translation>不可用</translation>
    </message>
    <message>
        <source>disabled</source>
        <translation>已停用</translation>
    </message>
    <message>
        <source>closed</source>
        <translation>闭合</translation>
    </message>
    <message>
        <source>open</source>
        <translation>断开</translation>
    </message>
    <message>
        <source>half open</source>
        <translation>半开</translation>
    </message>
    <message>
        <source>the model refused</source>
        <translation>模型拒绝了</translation>
    </message>
    <message>
        <source>the client disconnected</source>
        <translation>客户端已断开连接</translation>
    </message>
    <message>
        <source>token counts are not billed</source>
        <translation>令牌计数不计费</translation>
    </message>
    <message>
        <source>ran past its hold deadline</source>
        <translation>超过了预留期限</translation>
    </message>
    <message>
        <source>the gateway was shutting down</source>
        <translation>网关正在关闭</translation>
    </message>
    <message>
        <source>not delivered in full</source>
        <translation>未完整送达</translation>
    </message>
    <message>
        <source>no hold was taken</source>
        <translation>未建立预留</translation>
    </message>
    <message>
        <source>the debit failed</source>
        <translation>扣款失败</translation>
    </message>
    <message>
        <source>the gateway stopped before it finished</source>
        <translation>网关在完成前停止</translation>
    </message>
    <message>
        <source>delivered after its lease ended (operator loss)</source>
        <translation>在租约结束后送达（运营方损失）</translation>
    </message>
    <message>
        <source>the provider answered with an error</source>
        <translation>提供方返回了错误</translation>
    </message>
    <message>
        <source>no channel could answer</source>
        <translation>没有渠道能够应答</translation>
    </message>
    <message>
        <source>the stream was cut short</source>
        <translation>流被中断</translation>
    </message>
    <message>
        <source>invalid request</source>
        <translation>无效请求</translation>
    </message>
    <message>
        <source>authentication failed</source>
        <translation>身份验证失败</translation>
    </message>
    <message>
        <source>balance or budget too low</source>
        <translation>余额或预算不足</translation>
    </message>
    <message>
        <source>not allowed for this key</source>
        <translation>此密钥不允许</translation>
    </message>
    <message>
        <source>no channel serves the model</source>
        <translation>没有渠道提供该模型</translation>
    </message>
    <message>
        <source>the client was too slow</source>
        <translation>客户端太慢</translation>
    </message>
    <message>
        <source>rate limited</source>
        <translation>已限流</translation>
    </message>
    <message>
        <source>the provider timed out</source>
        <translation>提供方超时</translation>
    </message>
    <message>
        <source>overloaded</source>
        <translation>过载</translation>
    </message>
    <message>
        <source>the provider&apos;s certificate was refused</source>
        <translation>提供方的证书被拒绝</translation>
    </message>
    <message>
        <source>TLS failed</source>
        <translation>TLS 失败</translation>
    </message>
    <message>
        <source>the proxy failed</source>
        <translation>代理失败</translation>
    </message>
    <message>
        <source>the provider answered with an error status</source>
        <translation>提供方返回了错误状态</translation>
    </message>
    <message>
        <source>the provider dropped the connection</source>
        <translation>提供方断开了连接</translation>
    </message>
    <message>
        <source>cannot connect to the provider</source>
        <translation>无法连接到提供方</translation>
    </message>
    <message>
        <source>its key cannot be read</source>
        <translation>无法读取其密钥</translation>
    </message>
    <message>
        <source>its proxy credentials cannot be read</source>
        <translation>无法读取其代理凭据</translation>
    </message>
</context>
<context>
    <name>bytespike::KeyEditorDialog</name>
    <message>
        <source>New key</source>
        <translation>新密钥</translation>
    </message>
    <message>
        <source>Key limits</source>
        <translation>密钥限制</translation>
    </message>
    <message>
        <source>&amp;Name:</source>
        <translation>名称(&amp;N)：</translation>
    </message>
    <message>
        <source>&amp;Models:</source>
        <translation>模型(&amp;M)：</translation>
    </message>
    <message>
        <source>E&amp;xpiry:</source>
        <translation>过期时间(&amp;X)：</translation>
    </message>
    <message>
        <source>&amp;Requests per minute:</source>
        <translation>每分钟请求数(&amp;R)：</translation>
    </message>
    <message>
        <source>&amp;Tokens per minute:</source>
        <translation>每分钟令牌数(&amp;T)：</translation>
    </message>
    <message>
        <source>Requests at &amp;once:</source>
        <translation>并发请求数(&amp;O)：</translation>
    </message>
    <message>
        <source>&amp;Budget:</source>
        <translation>预算(&amp;B)：</translation>
    </message>
    <message>
        <source>&amp;IP allow-list:</source>
        <translation>IP 允许列表(&amp;I)：</translation>
    </message>
    <message>
        <source>None checked: the key may call every model.</source>
        <translation>未勾选任何模型：该密钥可以调用所有模型。</translation>
    </message>
    <message>
        <source>Expires</source>
        <translation>会过期</translation>
    </message>
    <message>
        <source>Limit to</source>
        <translation>限额</translation>
    </message>
    <message>
        <source>no limit</source>
        <translation>不限</translation>
    </message>
    <message>
        <source>dollars, for example 25 or 12.50</source>
        <translation>美元，例如 25 或 12.50</translation>
    </message>
    <message>
        <source>Any address. Or one per line: 10.0.0.0/8, 2001:db8::/32, 192.0.2.7</source>
        <translation>任意地址。或每行一个：10.0.0.0/8、2001:db8::/32、192.0.2.7</translation>
    </message>
    <message>
        <source>&amp;Save</source>
        <translation>保存(&amp;S)</translation>
    </message>
    <message>
        <source>Key name</source>
        <translation>密钥名称</translation>
    </message>
    <message>
        <source>Models the key may call</source>
        <translation>该密钥可以调用的模型</translation>
    </message>
    <message>
        <source>The key expires</source>
        <translation>密钥会过期</translation>
    </message>
    <message>
        <source>Expiry time in UTC</source>
        <translation>过期时间（UTC）</translation>
    </message>
    <message>
        <source>Requests per minute, 0 for no limit</source>
        <translation>每分钟请求数，0 表示不限</translation>
    </message>
    <message>
        <source>Tokens per minute, 0 for no limit</source>
        <translation>每分钟令牌数，0 表示不限</translation>
    </message>
    <message>
        <source>Requests at once, 0 for no limit</source>
        <translation>并发请求数，0 表示不限</translation>
    </message>
    <message>
        <source>The key has a budget</source>
        <translation>密钥有预算</translation>
    </message>
    <message>
        <source>Budget in dollars</source>
        <translation>预算（美元）</translation>
    </message>
    <message>
        <source>Budget period</source>
        <translation>预算周期</translation>
    </message>
    <message>
        <source>Addresses and CIDR blocks the key may be used from, one per line</source>
        <translation>可以使用该密钥的地址和 CIDR 网段，每行一个</translation>
    </message>
    <message>
        <source>Key editor messages</source>
        <translation>密钥编辑器消息</translation>
    </message>
    <message>
        <source>per day</source>
        <translation>每天</translation>
    </message>
    <message>
        <source>per week</source>
        <translation>每周</translation>
    </message>
    <message>
        <source>per month</source>
        <translation>每月</translation>
    </message>
    <message>
        <source>in total</source>
        <translation>总计</translation>
    </message>
    <message>
        <source>models: %1</source>
        <translation>模型：%1</translation>
    </message>
    <message>
        <source>expires %1 UTC</source>
        <translation>%1 UTC 过期</translation>
    </message>
    <message>
        <source>%1 requests/min</source>
        <translation>%1 次请求/分钟</translation>
    </message>
    <message>
        <source>%1 tokens/min</source>
        <translation>%1 个令牌/分钟</translation>
    </message>
    <message>
        <source>%1 at once</source>
        <translation>并发 %1 个</translation>
    </message>
    <message>
        <source>budget %1 %2</source>
        <translation>预算 %1（%2）</translation>
    </message>
    <message>
        <source>from %1</source>
        <translation>来源 %1</translation>
    </message>
    <message>
        <source>no limits</source>
        <translation>无限制</translation>
    </message>
    <message>
        <source>Cannot list the models: %1</source>
        <translation>无法列出模型：%1</translation>
    </message>
    <message>
        <source>Line %1 of the IP allow-list is not an address or a CIDR block (10.0.0.0/8, 2001:db8::/32).</source>
        <translation>IP 允许列表第 %1 行既不是地址也不是 CIDR 网段（10.0.0.0/8、2001:db8::/32）。</translation>
    </message>
    <message>
        <source>The IP allow-list holds at most %1 entries.</source>
        <translation>IP 允许列表最多容纳 %1 项。</translation>
    </message>
    <message>
        <source>Type the budget in dollars, for example 25 or 12.50.</source>
        <translation>请以美元输入预算，例如 25 或 12.50。</translation>
    </message>
    <message>
        <source>console</source>
        <translation>控制台</translation>
    </message>
    <message>
        <source>Not saved: %1</source>
        <translation>未保存：%1</translation>
    </message>
</context>
<context>
    <name>bytespike::LedgerPage</name>
    <message>
        <source>&amp;Customer:</source>
        <translation>客户(&amp;C)：</translation>
    </message>
    <message>
        <source>&amp;Find:</source>
        <translation>查找(&amp;F)：</translation>
    </message>
    <message>
        <source>All customers</source>
        <translation>所有客户</translation>
    </message>
    <message>
        <source>Endpoint, request id or reason</source>
        <translation>端点、请求 ID 或原因</translation>
    </message>
    <message>
        <source>Show the ledger of this customer</source>
        <translation>显示该客户的账本</translation>
    </message>
    <message>
        <source>Filter the ledger by endpoint, request id or reason</source>
        <translation>按端点、请求 ID 或原因筛选账本</translation>
    </message>
    <message>
        <source>Ledger summary</source>
        <translation>账本摘要</translation>
    </message>
    <message>
        <source>Pending holds</source>
        <translation>待处理冻结</translation>
    </message>
    <message>
        <source>Recent debits</source>
        <translation>最近扣费</translation>
    </message>
    <message>
        <source>Voided holds</source>
        <translation>已作废冻结</translation>
    </message>
    <message>
        <source>Pending holds, live</source>
        <translation>待处理冻结（实时）</translation>
    </message>
    <message>
        <source>Voided and expired holds with their reasons; they never reach a statement</source>
        <translation>已作废和已过期的冻结及其原因；它们不会出现在账单中</translation>
    </message>
    <message>
        <source>Time</source>
        <translation>时间</translation>
    </message>
    <message>
        <source>Customer</source>
        <translation>客户</translation>
    </message>
    <message>
        <source>Endpoint</source>
        <translation>端点</translation>
    </message>
    <message>
        <source>Request</source>
        <translation>请求</translation>
    </message>
    <message>
        <source>Hold</source>
        <translation>冻结</translation>
    </message>
    <message>
        <source>Debit</source>
        <translation>扣费</translation>
    </message>
    <message>
        <source>Price version</source>
        <translation>价格版本</translation>
    </message>
    <message>
        <source>Posted</source>
        <translation>入账时间</translation>
    </message>
    <message>
        <source>State</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>原因</translation>
    </message>
    <message>
        <source>Voided</source>
        <translation>作废时间</translation>
    </message>
    <message>
        <source>Pending holds: %1, reserving %2</source>
        <translation>待处理冻结：%1 笔，冻结 %2</translation>
    </message>
    <message>
        <source>Nothing here matches the customer and the search.</source>
        <translation>没有与客户和搜索匹配的内容。</translation>
    </message>
    <message>
        <source>Show everything</source>
        <translation>显示全部</translation>
    </message>
    <message>
        <source>No request is running: a hold shows here while its request is in flight.</source>
        <translation>没有正在运行的请求：请求处理期间，其预留会显示在这里。</translation>
    </message>
    <message>
        <source>Nothing billed yet.</source>
        <translation>尚未计费。</translation>
    </message>
    <message>
        <source>Send a request from the Playground</source>
        <translation>从 Playground 发送请求</translation>
    </message>
    <message>
        <source>No failed request. Failures never bill: their voided holds are listed here.</source>
        <translation>没有失败的请求。失败从不计费：其作废的预留列在这里。</translation>
    </message>
</context>
<context>
    <name>bytespike::MainWindow</name>
    <message>
        <source>ByteSpike</source>
        <translation>ByteSpike</translation>
    </message>
    <message>
        <source>Console pages</source>
        <translation>控制台页面</translation>
    </message>
    <message>
        <source>Overview</source>
        <translation>概览</translation>
    </message>
    <message>
        <source>&amp;Language:</source>
        <translation>语言(&amp;L)：</translation>
    </message>
    <message>
        <source>Interface language</source>
        <translation>界面语言</translation>
    </message>
    <message>
        <source>Live rates</source>
        <translation>实时速率</translation>
    </message>
    <message>
        <source>Channels and pricing</source>
        <translation>通道和价格</translation>
    </message>
    <message>
        <source>Ledger</source>
        <translation>账本</translation>
    </message>
    <message>
        <source>Customers</source>
        <translation>客户</translation>
    </message>
    <message>
        <source>Playground</source>
        <translation>试验场</translation>
    </message>
    <message>
        <source>Requests</source>
        <translation>请求</translation>
    </message>
    <message>
        <source>Show ByteSpike</source>
        <translation>显示 ByteSpike</translation>
    </message>
    <message>
        <source>Quit</source>
        <translation>退出</translation>
    </message>
    <message>
        <source>The gateway keeps running in the background.</source>
        <translation>网关将在后台继续运行。</translation>
    </message>
    <message>
        <source>stopped</source>
        <translation>已停止</translation>
    </message>
    <message>
        <source>starting</source>
        <translation>正在启动</translation>
    </message>
    <message>
        <source>running</source>
        <translation>运行中</translation>
    </message>
    <message>
        <source>stopping</source>
        <translation>正在停止</translation>
    </message>
    <message>
        <source>failed</source>
        <translation>失败</translation>
    </message>
    <message>
        <source>ByteSpike gateway: %1</source>
        <translation>ByteSpike 网关：%1</translation>
    </message>
    <message>
        <source>Settings</source>
        <translation>设置</translation>
    </message>
    <message>
        <source>Operators</source>
        <translation>操作员</translation>
    </message>
    <message>
        <source>The admin token was not kept in the keychain: %1</source>
        <translation>管理令牌未能保存到钥匙串：%1</translation>
    </message>
    <message>
        <source>embedded</source>
        <translation>内置</translation>
    </message>
    <message>
        <source>Pages</source>
        <translation>页面</translation>
    </message>
</context>
<context>
    <name>bytespike::OperatorsPage</name>
    <message>
        <source>Viewer</source>
        <translation>查看者</translation>
    </message>
    <message>
        <source>Pricing</source>
        <translation>定价</translation>
    </message>
    <message>
        <source>Billing</source>
        <translation>计费</translation>
    </message>
    <message>
        <source>Admin</source>
        <translation>管理员</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>名称</translation>
    </message>
    <message>
        <source>Role</source>
        <translation>角色</translation>
    </message>
    <message>
        <source>Created</source>
        <translation>创建时间</translation>
    </message>
    <message>
        <source>Revoked</source>
        <translation>吊销时间</translation>
    </message>
    <message>
        <source>&amp;Name:</source>
        <translation>名称(&amp;N)：</translation>
    </message>
    <message>
        <source>R&amp;ole:</source>
        <translation>角色(&amp;O)：</translation>
    </message>
    <message>
        <source>&amp;Token:</source>
        <translation>令牌(&amp;T)：</translation>
    </message>
    <message>
        <source>Viewer reads; Pricing also changes channels, prices and secrets; Billing also changes customers, keys and credits; Admin does everything, operators included.</source>
        <translation>查看者只能读取；定价还可以修改渠道、价格和密钥凭据；计费还可以修改客户、密钥和充值；管理员可以做所有事情，包括管理操作员。</translation>
    </message>
    <message>
        <source>New operator&apos;s name</source>
        <translation>新操作员的名称</translation>
    </message>
    <message>
        <source>A new operator&apos;s token is shown here once</source>
        <translation>新操作员的令牌只在此显示一次</translation>
    </message>
    <message>
        <source>&amp;Create operator</source>
        <translation>创建操作员(&amp;C)</translation>
    </message>
    <message>
        <source>&amp;Revoke operator</source>
        <translation>吊销操作员(&amp;R)</translation>
    </message>
    <message>
        <source>Re&amp;load</source>
        <translation>重新加载(&amp;L)</translation>
    </message>
    <message>
        <source>C&amp;opy</source>
        <translation>复制(&amp;O)</translation>
    </message>
    <message>
        <source>Operators</source>
        <translation>操作员</translation>
    </message>
    <message>
        <source>Name of a new operator</source>
        <translation>新操作员的名称</translation>
    </message>
    <message>
        <source>Role of a new operator</source>
        <translation>新操作员的角色</translation>
    </message>
    <message>
        <source>Create the operator</source>
        <translation>创建该操作员</translation>
    </message>
    <message>
        <source>Revoke the selected operator</source>
        <translation>吊销所选操作员</translation>
    </message>
    <message>
        <source>Reload the operators</source>
        <translation>重新加载操作员</translation>
    </message>
    <message>
        <source>The new operator&apos;s token, shown once</source>
        <translation>新操作员的令牌（仅显示一次）</translation>
    </message>
    <message>
        <source>Copy the new operator&apos;s token</source>
        <translation>复制新操作员的令牌</translation>
    </message>
    <message>
        <source>Token warning</source>
        <translation>令牌提示</translation>
    </message>
    <message>
        <source>Operator messages</source>
        <translation>操作员消息</translation>
    </message>
    <message>
        <source>Copy this token now: it will not be shown again.</source>
        <translation>请立即复制此令牌：它不会再次显示。</translation>
    </message>
    <message>
        <source>Only an admin can manage operators.</source>
        <translation>只有管理员可以管理操作员。</translation>
    </message>
    <message>
        <source>Cannot load the operators: %1</source>
        <translation>无法加载操作员：%1</translation>
    </message>
    <message>
        <source>An operator needs a name.</source>
        <translation>操作员需要一个名称。</translation>
    </message>
    <message>
        <source>Not created: %1</source>
        <translation>未创建：%1</translation>
    </message>
    <message>
        <source>Operator %1 created.</source>
        <translation>已创建操作员 %1。</translation>
    </message>
    <message>
        <source>Choose an operator to revoke.</source>
        <translation>请选择要吊销的操作员。</translation>
    </message>
    <message>
        <source>Revoke operator</source>
        <translation>吊销操作员</translation>
    </message>
    <message>
        <source>Revoke %1? Calls with the operator&apos;s token are refused from then on.</source>
        <translation>吊销 %1？此后使用该操作员令牌的调用将被拒绝。</translation>
    </message>
    <message>
        <source>&amp;Revoke</source>
        <translation>吊销(&amp;R)</translation>
    </message>
    <message>
        <source>&amp;Keep</source>
        <translation>保留(&amp;K)</translation>
    </message>
    <message>
        <source>Not revoked: %1</source>
        <translation>未吊销：%1</translation>
    </message>
    <message>
        <source>%1 revoked; calls with that token are refused from now on.</source>
        <translation>已吊销 %1；此后使用该令牌的调用将被拒绝。</translation>
    </message>
</context>
<context>
    <name>bytespike::OverviewPage</name>
    <message>
        <source>State:</source>
        <translation>状态：</translation>
    </message>
    <message>
        <source>Public API:</source>
        <translation>公共 API：</translation>
    </message>
    <message>
        <source>Admin API:</source>
        <translation>管理 API：</translation>
    </message>
    <message>
        <source>Data directory:</source>
        <translation>数据目录：</translation>
    </message>
    <message>
        <source>Version:</source>
        <translation>版本：</translation>
    </message>
    <message>
        <source>Last error:</source>
        <translation>最近的错误：</translation>
    </message>
    <message>
        <source>Gateway state</source>
        <translation>网关状态</translation>
    </message>
    <message>
        <source>Public API address</source>
        <translation>公共 API 地址</translation>
    </message>
    <message>
        <source>Admin API address</source>
        <translation>管理 API 地址</translation>
    </message>
    <message>
        <source>Last error</source>
        <translation>最近的错误</translation>
    </message>
    <message>
        <source>Data directory</source>
        <translation>数据目录</translation>
    </message>
    <message>
        <source>Version</source>
        <translation>版本</translation>
    </message>
    <message>
        <source>&amp;Start</source>
        <translation>启动(&amp;S)</translation>
    </message>
    <message>
        <source>S&amp;top</source>
        <translation>停止(&amp;T)</translation>
    </message>
    <message>
        <source>&amp;Restart</source>
        <translation>重启(&amp;R)</translation>
    </message>
    <message>
        <source>Start the gateway</source>
        <translation>启动网关</translation>
    </message>
    <message>
        <source>Stop the gateway</source>
        <translation>停止网关</translation>
    </message>
    <message>
        <source>Restart the gateway</source>
        <translation>重启网关</translation>
    </message>
    <message>
        <source>Stopped</source>
        <translation>已停止</translation>
    </message>
    <message>
        <source>Starting</source>
        <translation>正在启动</translation>
    </message>
    <message>
        <source>Running</source>
        <translation>运行中</translation>
    </message>
    <message>
        <source>Stopping</source>
        <translation>正在停止</translation>
    </message>
    <message>
        <source>Failed</source>
        <translation>失败</translation>
    </message>
    <message>
        <source>Uptime:</source>
        <translation>运行时间：</translation>
    </message>
    <message>
        <source>Gateway uptime</source>
        <translation>网关运行时间</translation>
    </message>
    <message>
        <source>Pending holds</source>
        <translation>待结算预留</translation>
    </message>
    <message>
        <source>C&amp;onnect to a gateway...</source>
        <translation>连接到网关(&amp;O)...</translation>
    </message>
    <message>
        <source>Connect to a gateway that runs elsewhere</source>
        <translation>连接到在别处运行的网关</translation>
    </message>
    <message>
        <source>that of the gateway at %1</source>
        <translation>位于 %1 的网关的目录</translation>
    </message>
    <message>
        <source>S&amp;pend in:</source>
        <translation>支出期间(&amp;P)：</translation>
    </message>
    <message>
        <source>Today</source>
        <translation>今天</translation>
    </message>
    <message>
        <source>The last 7 days</source>
        <translation>最近 7 天</translation>
    </message>
    <message>
        <source>The last 30 days</source>
        <translation>最近 30 天</translation>
    </message>
    <message>
        <source>Period of the spend tables</source>
        <translation>支出表的期间</translation>
    </message>
    <message>
        <source>Spend by model</source>
        <translation>按模型的支出</translation>
    </message>
    <message>
        <source>Spend by customer</source>
        <translation>按客户的支出</translation>
    </message>
    <message>
        <source>Channel health</source>
        <translation>通道健康状况</translation>
    </message>
    <message>
        <source>Latest requests not billed</source>
        <translation>最近未计费的请求</translation>
    </message>
    <message>
        <source>Model</source>
        <translation>模型</translation>
    </message>
    <message>
        <source>Requests</source>
        <translation>请求</translation>
    </message>
    <message>
        <source>Spend</source>
        <translation>支出</translation>
    </message>
    <message>
        <source>Customer</source>
        <translation>客户</translation>
    </message>
    <message>
        <source>Channel</source>
        <translation>通道</translation>
    </message>
    <message>
        <source>State</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Breaker</source>
        <translation>熔断器</translation>
    </message>
    <message>
        <source>Last failure</source>
        <translation>最近一次失败</translation>
    </message>
    <message>
        <source>Time</source>
        <translation>时间</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>状态码</translation>
    </message>
    <message>
        <source>Why</source>
        <translation>原因</translation>
    </message>
    <message>
        <source>%1 billed requests, %2</source>
        <translation>已计费请求 %1 个，%2</translation>
    </message>
    <message>
        <source>No demo key in this data directory: create a customer key on the Customers page.</source>
        <translation>此数据目录中没有演示密钥：请在客户页面创建客户密钥。</translation>
    </message>
    <message>
        <source>Requests (last hour)</source>
        <translation>请求（最近 1 小时）</translation>
    </message>
    <message>
        <source>Spend (last hour)</source>
        <translation>支出（最近 1 小时）</translation>
    </message>
    <message>
        <source>Errors (last hour)</source>
        <translation>错误（最近 1 小时）</translation>
    </message>
    <message>
        <source>p95 latency (last minute)</source>
        <translation>p95 延迟（最近 1 分钟）</translation>
    </message>
    <message>
        <source>Open streams</source>
        <translation>打开的流</translation>
    </message>
    <message>
        <source>%1 ms</source>
        <translation>%1 毫秒</translation>
    </message>
    <message>
        <source>no requests</source>
        <translation>无请求</translation>
    </message>
    <message>
        <source>Nothing billed in this period.</source>
        <translation>此期间没有计费。</translation>
    </message>
    <message>
        <source>Send a request from the Playground</source>
        <translation>从 Playground 发送请求</translation>
    </message>
    <message>
        <source>No channels yet.</source>
        <translation>还没有渠道。</translation>
    </message>
    <message>
        <source>Add a channel</source>
        <translation>添加渠道</translation>
    </message>
    <message>
        <source>Every recent request was billed.</source>
        <translation>最近的请求均已计费。</translation>
    </message>
</context>
<context>
    <name>bytespike::PlaygroundPage</name>
    <message>
        <source>Copied. The key is left out: set BYTESPIKE_KEY before running it.</source>
        <translation>已复制。其中不含密钥：运行前请设置 BYTESPIKE_KEY。</translation>
    </message>
    <message>
        <source>P&amp;rotocol:</source>
        <translation>协议(&amp;R)：</translation>
    </message>
    <message>
        <source>&amp;Key:</source>
        <translation>密钥(&amp;K)：</translation>
    </message>
    <message>
        <source>&amp;Model:</source>
        <translation>模型(&amp;M)：</translation>
    </message>
    <message>
        <source>S&amp;ystem prompt:</source>
        <translation>系统提示(&amp;Y)：</translation>
    </message>
    <message>
        <source>M&amp;essage:</source>
        <translation>消息(&amp;E)：</translation>
    </message>
    <message>
        <source>Max &amp;tokens:</source>
        <translation>最大令牌数(&amp;T)：</translation>
    </message>
    <message>
        <source>Stream:</source>
        <translation>流式：</translation>
    </message>
    <message>
        <source>T&amp;ools (JSON):</source>
        <translation>工具（JSON）(&amp;O)：</translation>
    </message>
    <message>
        <source>Anthropic Messages</source>
        <translation>Anthropic Messages</translation>
    </message>
    <message>
        <source>OpenAI Chat Completions</source>
        <translation>OpenAI Chat Completions</translation>
    </message>
    <message>
        <source>&amp;Stream the answer</source>
        <translation>流式返回回答(&amp;S)</translation>
    </message>
    <message>
        <source>A user message, or a JSON array of messages</source>
        <translation>一条用户消息，或消息的 JSON 数组</translation>
    </message>
    <message>
        <source>Optional: a JSON array of tools</source>
        <translation>可选：工具的 JSON 数组</translation>
    </message>
    <message>
        <source>A customer key (the demo key by default)</source>
        <translation>客户密钥（默认为演示密钥）</translation>
    </message>
    <message>
        <source>Se&amp;nd</source>
        <translation>发送(&amp;N)</translation>
    </message>
    <message>
        <source>&amp;Cancel</source>
        <translation>取消(&amp;C)</translation>
    </message>
    <message>
        <source>Copy as c&amp;url</source>
        <translation>复制为 c&amp;url</translation>
    </message>
    <message>
        <source>Request</source>
        <translation>请求</translation>
    </message>
    <message>
        <source>Response headers</source>
        <translation>响应头</translation>
    </message>
    <message>
        <source>Events</source>
        <translation>事件</translation>
    </message>
    <message>
        <source>Protocol</source>
        <translation>协议</translation>
    </message>
    <message>
        <source>Customer key</source>
        <translation>客户密钥</translation>
    </message>
    <message>
        <source>Model</source>
        <translation>模型</translation>
    </message>
    <message>
        <source>System prompt</source>
        <translation>系统提示</translation>
    </message>
    <message>
        <source>Message or messages</source>
        <translation>一条或多条消息</translation>
    </message>
    <message>
        <source>Maximum output tokens</source>
        <translation>最大输出令牌数</translation>
    </message>
    <message>
        <source>Stream the answer</source>
        <translation>流式返回回答</translation>
    </message>
    <message>
        <source>Tools as JSON</source>
        <translation>JSON 格式的工具</translation>
    </message>
    <message>
        <source>Send the request</source>
        <translation>发送请求</translation>
    </message>
    <message>
        <source>Cancel the request</source>
        <translation>取消请求</translation>
    </message>
    <message>
        <source>Copy the request as a curl command</source>
        <translation>将请求复制为 curl 命令</translation>
    </message>
    <message>
        <source>Problems with the request</source>
        <translation>请求的问题</translation>
    </message>
    <message>
        <source>The raw request</source>
        <translation>原始请求</translation>
    </message>
    <message>
        <source>The response headers</source>
        <translation>响应头</translation>
    </message>
    <message>
        <source>Server-sent events as they arrive</source>
        <translation>到达的服务器推送事件</translation>
    </message>
    <message>
        <source>The answer</source>
        <translation>回答</translation>
    </message>
    <message>
        <source>Status, usage, hold and billing</source>
        <translation>状态、用量、冻结和计费</translation>
    </message>
    <message>
        <source>The messages are not a JSON array.</source>
        <translation>消息不是 JSON 数组。</translation>
    </message>
    <message>
        <source>Write a message.</source>
        <translation>请输入消息。</translation>
    </message>
    <message>
        <source>Choose a model.</source>
        <translation>请选择模型。</translation>
    </message>
    <message>
        <source>The tools are not a JSON array.</source>
        <translation>工具不是 JSON 数组。</translation>
    </message>
    <message>
        <source>A customer key is needed.</source>
        <translation>需要客户密钥。</translation>
    </message>
    <message>
        <source>Sending…</source>
        <translation>正在发送…</translation>
    </message>
    <message>
        <source>(not a stream: the whole body arrived at once)</source>
        <translation>（非流式：整个响应一次到达）</translation>
    </message>
    <message>
        <source>HTTP %1</source>
        <translation>HTTP %1</translation>
    </message>
    <message>
        <source>cancelled</source>
        <translation>已取消</translation>
    </message>
    <message>
        <source>%1 · %2 input and %3 output tokens · hold %4</source>
        <translation>%1 · 输入 %2、输出 %3 令牌 · 冻结 %4</translation>
    </message>
    <message>
        <source>%1 · debited %2 (request %3)</source>
        <translation>%1 · 扣费 %2（请求 %3）</translation>
    </message>
    <message>
        <source>%1 · not billed, the hold was voided: %2 (request %3)</source>
        <translation>%1 · 未计费，冻结已作废：%2（请求 %3）</translation>
    </message>
</context>
<context>
    <name>bytespike::RatesPage</name>
    <message>
        <source>Requests per second</source>
        <translation>每秒请求数</translation>
    </message>
    <message>
        <source>Tokens per second</source>
        <translation>每秒令牌数</translation>
    </message>
    <message>
        <source>Spend per second</source>
        <translation>每秒支出</translation>
    </message>
    <message>
        <source>p95 latency (ms)</source>
        <translation>p95 延迟（毫秒）</translation>
    </message>
    <message>
        <source>Error rate (%)</source>
        <translation>错误率（%）</translation>
    </message>
    <message>
        <source>Last minute</source>
        <translation>最近 1 分钟</translation>
    </message>
    <message>
        <source>Last 5 minutes</source>
        <translation>最近 5 分钟</translation>
    </message>
    <message>
        <source>Last 15 minutes</source>
        <translation>最近 15 分钟</translation>
    </message>
    <message>
        <source>Last hour</source>
        <translation>最近 1 小时</translation>
    </message>
    <message>
        <source>&amp;Measure:</source>
        <translation>指标(&amp;M)：</translation>
    </message>
    <message>
        <source>S&amp;pan:</source>
        <translation>时间范围(&amp;P)：</translation>
    </message>
    <message>
        <source>Res&amp;ume</source>
        <translation>继续(&amp;U)</translation>
    </message>
    <message>
        <source>&amp;Pause</source>
        <translation>暂停(&amp;P)</translation>
    </message>
    <message>
        <source>Measure shown in the chart</source>
        <translation>图表中显示的指标</translation>
    </message>
    <message>
        <source>Time span shown in the chart</source>
        <translation>图表中显示的时间范围</translation>
    </message>
    <message>
        <source>Resume the live chart</source>
        <translation>继续实时图表</translation>
    </message>
    <message>
        <source>Pause the live chart</source>
        <translation>暂停实时图表</translation>
    </message>
    <message>
        <source>Live rate chart, one line per endpoint</source>
        <translation>实时速率图表，每个端点一条线</translation>
    </message>
    <message>
        <source>Endpoints with their current rates and prices</source>
        <translation>端点及其当前速率和价格</translation>
    </message>
    <message>
        <source>Paused</source>
        <translation>已暂停</translation>
    </message>
    <message>
        <source>Endpoint</source>
        <translation>端点</translation>
    </message>
    <message>
        <source>Requests/s</source>
        <translation>请求/秒</translation>
    </message>
    <message>
        <source>Tokens/s</source>
        <translation>令牌/秒</translation>
    </message>
    <message>
        <source>Spend/s</source>
        <translation>支出/秒</translation>
    </message>
    <message>
        <source>p95 ms</source>
        <translation>p95 毫秒</translation>
    </message>
    <message>
        <source>Errors</source>
        <translation>错误</translation>
    </message>
    <message>
        <source>Streams</source>
        <translation>流</translation>
    </message>
    <message>
        <source>Input $/MTok</source>
        <translation>输入 $/MTok</translation>
    </message>
    <message>
        <source>Output $/MTok</source>
        <translation>输出 $/MTok</translation>
    </message>
    <message>
        <source>Price version</source>
        <translation>价格版本</translation>
    </message>
    <message>
        <source>Time</source>
        <translation>时间</translation>
    </message>
    <message>
        <source>Before routing</source>
        <translation>路由之前</translation>
    </message>
    <message>
        <source>Before routing (authentication, validation, no route)</source>
        <translation>路由之前（认证、校验、无路由）</translation>
    </message>
    <message>
        <source>%1, one line per endpoint</source>
        <translation>%1，每个端点一条线</translation>
    </message>
    <message>
        <source>&amp;All measures</source>
        <translation>全部指标(&amp;A)</translation>
    </message>
    <message>
        <source>Show the five measures as small charts at once</source>
        <translation>以小图表同时显示五项指标</translation>
    </message>
    <message>
        <source>Customers with their current rates</source>
        <translation>客户及其当前速率</translation>
    </message>
    <message>
        <source>Endpoints</source>
        <translation>端点</translation>
    </message>
    <message>
        <source>Customers</source>
        <translation>客户</translation>
    </message>
    <message>
        <source>State</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Customer</source>
        <translation>客户</translation>
    </message>
    <message>
        <source>Pending holds</source>
        <translation>待定冻结</translation>
    </message>
    <message>
        <source>Requests per minute</source>
        <translation>每分钟请求数</translation>
    </message>
    <message>
        <source>Requests per hour</source>
        <translation>每小时请求数</translation>
    </message>
    <message>
        <source>Tokens per minute</source>
        <translation>每分钟令牌数</translation>
    </message>
    <message>
        <source>Tokens per hour</source>
        <translation>每小时令牌数</translation>
    </message>
    <message>
        <source>Spend per minute</source>
        <translation>每分钟支出</translation>
    </message>
    <message>
        <source>Spend per hour</source>
        <translation>每小时支出</translation>
    </message>
    <message>
        <source>per second</source>
        <translation>每秒</translation>
    </message>
    <message>
        <source>per minute</source>
        <translation>每分钟</translation>
    </message>
    <message>
        <source>per hour</source>
        <translation>每小时</translation>
    </message>
    <message>
        <source>&amp;Rates:</source>
        <translation>速率(&amp;R)：</translation>
    </message>
    <message>
        <source>Show the rates per second, minute or hour</source>
        <translation>按每秒、每分钟或每小时显示速率</translation>
    </message>
    <message>
        <source>Requests/min</source>
        <translation>请求/分钟</translation>
    </message>
    <message>
        <source>Tokens/min</source>
        <translation>令牌/分钟</translation>
    </message>
    <message>
        <source>Spend/min</source>
        <translation>支出/分钟</translation>
    </message>
    <message>
        <source>Requests/h</source>
        <translation>请求/小时</translation>
    </message>
    <message>
        <source>Tokens/h</source>
        <translation>令牌/小时</translation>
    </message>
    <message>
        <source>Spend/h</source>
        <translation>支出/小时</translation>
    </message>
</context>
<context>
    <name>bytespike::RequestsPage</name>
    <message>
        <source>&amp;Customer:</source>
        <translation>客户(&amp;C)：</translation>
    </message>
    <message>
        <source>&amp;Model:</source>
        <translation>模型(&amp;M)：</translation>
    </message>
    <message>
        <source>C&amp;hannel:</source>
        <translation>通道(&amp;H)：</translation>
    </message>
    <message>
        <source>&amp;Status:</source>
        <translation>状态(&amp;S)：</translation>
    </message>
    <message>
        <source>&amp;Billed:</source>
        <translation>计费(&amp;B)：</translation>
    </message>
    <message>
        <source>&amp;Limit:</source>
        <translation>数量(&amp;L)：</translation>
    </message>
    <message>
        <source>&amp;Refresh</source>
        <translation>刷新(&amp;R)</translation>
    </message>
    <message>
        <source>&amp;Newer</source>
        <translation>较新(&amp;N)</translation>
    </message>
    <message>
        <source>&amp;Older</source>
        <translation>较旧(&amp;O)</translation>
    </message>
    <message>
        <source>All customers</source>
        <translation>所有客户</translation>
    </message>
    <message>
        <source>Any</source>
        <translation>全部</translation>
    </message>
    <message>
        <source>Billed</source>
        <translation>已计费</translation>
    </message>
    <message>
        <source>Not billed</source>
        <translation>未计费</translation>
    </message>
    <message>
        <source>Any model</source>
        <translation>任意模型</translation>
    </message>
    <message>
        <source>Channel or endpoint</source>
        <translation>通道或端点</translation>
    </message>
    <message>
        <source>Select a request to see its hold and its ledger entry.</source>
        <translation>选择一个请求以查看其冻结和账本记录。</translation>
    </message>
    <message>
        <source>Show the requests of this customer</source>
        <translation>显示该客户的请求</translation>
    </message>
    <message>
        <source>Show only requests for this model</source>
        <translation>仅显示该模型的请求</translation>
    </message>
    <message>
        <source>Show only requests served by this channel or endpoint</source>
        <translation>仅显示由该通道或端点处理的请求</translation>
    </message>
    <message>
        <source>Show only requests answered with this HTTP status</source>
        <translation>仅显示返回该 HTTP 状态的请求</translation>
    </message>
    <message>
        <source>Show billed requests, requests not billed, or both</source>
        <translation>显示已计费、未计费或全部请求</translation>
    </message>
    <message>
        <source>How many requests to show at once</source>
        <translation>一次显示的请求数量</translation>
    </message>
    <message>
        <source>Refresh the request log</source>
        <translation>刷新请求日志</translation>
    </message>
    <message>
        <source>Show newer requests</source>
        <translation>显示较新的请求</translation>
    </message>
    <message>
        <source>Show older requests</source>
        <translation>显示较旧的请求</translation>
    </message>
    <message>
        <source>Requests, newest first; select one to see its hold and ledger entry</source>
        <translation>请求（最新在前）；选择一个以查看其冻结和账本记录</translation>
    </message>
    <message>
        <source>Time</source>
        <translation>时间</translation>
    </message>
    <message>
        <source>Customer</source>
        <translation>客户</translation>
    </message>
    <message>
        <source>Protocol</source>
        <translation>协议</translation>
    </message>
    <message>
        <source>Model</source>
        <translation>模型</translation>
    </message>
    <message>
        <source>Endpoint</source>
        <translation>端点</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Not billed because</source>
        <translation>未计费原因</translation>
    </message>
    <message>
        <source>Hold</source>
        <translation>冻结</translation>
    </message>
    <message>
        <source>Cost</source>
        <translation>费用</translation>
    </message>
    <message>
        <source>Latency</source>
        <translation>延迟</translation>
    </message>
    <message>
        <source>First byte</source>
        <translation>首字节</translation>
    </message>
    <message>
        <source>Request</source>
        <translation>请求</translation>
    </message>
    <message>
        <source>Ledger entry</source>
        <translation>账本记录</translation>
    </message>
    <message>
        <source>Id:</source>
        <translation>ID：</translation>
    </message>
    <message>
        <source>Time:</source>
        <translation>时间：</translation>
    </message>
    <message>
        <source>Customer:</source>
        <translation>客户：</translation>
    </message>
    <message>
        <source>Endpoint:</source>
        <translation>端点：</translation>
    </message>
    <message>
        <source>Status:</source>
        <translation>状态：</translation>
    </message>
    <message>
        <source>Usage:</source>
        <translation>用量：</translation>
    </message>
    <message>
        <source>Cost:</source>
        <translation>费用：</translation>
    </message>
    <message>
        <source>Not billed because:</source>
        <translation>未计费原因：</translation>
    </message>
    <message>
        <source>State:</source>
        <translation>状态：</translation>
    </message>
    <message>
        <source>Amount:</source>
        <translation>金额：</translation>
    </message>
    <message>
        <source>Reason:</source>
        <translation>原因：</translation>
    </message>
    <message>
        <source>Debit:</source>
        <translation>扣费：</translation>
    </message>
    <message>
        <source>Resolved:</source>
        <translation>处理时间：</translation>
    </message>
    <message>
        <source>Price version:</source>
        <translation>价格版本：</translation>
    </message>
    <message>
        <source>Memo:</source>
        <translation>备注：</translation>
    </message>
    <message>
        <source>%1 in, %2 out, %3 cache write, %4 cache read</source>
        <translation>输入 %1，输出 %2，缓存写入 %3，缓存读取 %4</translation>
    </message>
    <message>
        <source>No hold was taken.</source>
        <translation>未进行冻结。</translation>
    </message>
    <message>
        <source>Not billed: %1</source>
        <translation>未计费：%1</translation>
    </message>
    <message>
        <source>No ledger entry found.</source>
        <translation>未找到账本记录。</translation>
    </message>
    <message>
        <source>Request &amp;id:</source>
        <translation>请求 ID(&amp;I):</translation>
    </message>
    <message>
        <source>req_… (Ctrl+F)</source>
        <translation>req_…（Ctrl+F）</translation>
    </message>
    <message>
        <source>Find one request by its request id</source>
        <translation>按请求 ID 查找请求</translation>
    </message>
    <message>
        <source>No request matches these filters.</source>
        <translation>没有符合这些筛选条件的请求。</translation>
    </message>
    <message>
        <source>Clear the filters</source>
        <translation>清除筛选</translation>
    </message>
    <message>
        <source>No requests yet. They appear here as clients send them, billed or not.</source>
        <translation>还没有请求。客户端发送后会显示在这里，无论是否计费。</translation>
    </message>
    <message>
        <source>Send one from the Playground</source>
        <translation>从 Playground 发送一个</translation>
    </message>
</context>
<context>
    <name>bytespike::SettingsPage</name>
    <message>
        <source>&amp;Public API address:</source>
        <translation>公开 API 地址(&amp;P)：</translation>
    </message>
    <message>
        <source>&amp;Admin API address:</source>
        <translation>管理 API 地址(&amp;A)：</translation>
    </message>
    <message>
        <source>&amp;Language:</source>
        <translation>语言(&amp;L)：</translation>
    </message>
    <message>
        <source>&amp;Theme:</source>
        <translation>主题(&amp;T)：</translation>
    </message>
    <message>
        <source>Log le&amp;vel:</source>
        <translation>日志级别(&amp;V)：</translation>
    </message>
    <message>
        <source>&amp;Keep the request log:</source>
        <translation>请求日志保留(&amp;K)：</translation>
    </message>
    <message>
        <source>When the window closes:</source>
        <translation>关闭窗口时：</translation>
    </message>
    <message>
        <source>Empty: the public address serves the admin API too</source>
        <translation>留空：公开地址同时提供管理 API</translation>
    </message>
    <message>
        <source>Light</source>
        <translation>浅色</translation>
    </message>
    <message>
        <source>Dark</source>
        <translation>深色</translation>
    </message>
    <message>
        <source>As the system</source>
        <translation>跟随系统</translation>
    </message>
    <message>
        <source> days</source>
        <translation> 天</translation>
    </message>
    <message>
        <source>A&amp;pply</source>
        <translation>应用(&amp;P)</translation>
    </message>
    <message>
        <source>Public API address, host and port</source>
        <translation>公开 API 地址（主机和端口）</translation>
    </message>
    <message>
        <source>Admin API address, host and port</source>
        <translation>管理 API 地址（主机和端口）</translation>
    </message>
    <message>
        <source>Interface language</source>
        <translation>界面语言</translation>
    </message>
    <message>
        <source>Colour theme</source>
        <translation>颜色主题</translation>
    </message>
    <message>
        <source>Log level</source>
        <translation>日志级别</translation>
    </message>
    <message>
        <source>Days the request log is kept</source>
        <translation>请求日志保留天数</translation>
    </message>
    <message>
        <source>Keep the gateway running when the window closes</source>
        <translation>关闭窗口时让网关继续运行</translation>
    </message>
    <message>
        <source>Apply the settings</source>
        <translation>应用设置</translation>
    </message>
    <message>
        <source>Settings messages</source>
        <translation>设置消息</translation>
    </message>
    <message>
        <source>Saved. The gateway restarts with the new addresses and log settings.</source>
        <translation>已保存。网关将使用新的地址和日志设置重新启动。</translation>
    </message>
    <message>
        <source>Saved.</source>
        <translation>已保存。</translation>
    </message>
    <message>
        <source>Keep the gateway &amp;running in the background</source>
        <translation>让网关在后台继续运行(&amp;R)</translation>
    </message>
    <message>
        <source>Saved. The addresses and log settings are the console&apos;s own gateway&apos;s; the gateway it is attached to keeps its own.</source>
        <translation>已保存。地址和日志设置属于控制台自己的网关；所连接的网关保留其自身设置。</translation>
    </message>
</context>
<context>
    <name>bytespike::UsageBarDelegate</name>
    <message>
        <source>%1 of %2</source>
        <translation>%1 / %2</translation>
    </message>
</context>
</TS>
