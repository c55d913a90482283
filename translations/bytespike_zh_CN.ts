<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>GatewayOptions</name>
    <message>
        <source>Where bytespike.db and logs live.</source>
        <translation>bytespike.db 和日志所在的目录。</translation>
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
        <source>Requests (last hour):</source>
        <translation>请求（最近一小时）：</translation>
    </message>
    <message>
        <source>Spend (last hour):</source>
        <translation>消费（最近一小时）：</translation>
    </message>
    <message>
        <source>Errors (last hour):</source>
        <translation>错误（最近一小时）：</translation>
    </message>
    <message>
        <source>Pending holds:</source>
        <translation>待结算预留：</translation>
    </message>
    <message>
        <source>Gateway uptime</source>
        <translation>网关运行时间</translation>
    </message>
    <message>
        <source>Requests in the last hour</source>
        <translation>最近一小时的请求</translation>
    </message>
    <message>
        <source>Spend in the last hour</source>
        <translation>最近一小时的消费</translation>
    </message>
    <message>
        <source>Errors in the last hour</source>
        <translation>最近一小时的错误</translation>
    </message>
    <message>
        <source>Pending holds</source>
        <translation>待结算预留</translation>
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
</context>
</TS>
