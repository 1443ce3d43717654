/** The peer suite's title and targets, shared by the suite and bench/suites.ts (its "not run" lines). */
export const PEERS_TITLE = "6. Peers: the package vs the same job built from n8n's own nodes, in a real n8n";

export const PEER_TARGETS = [
	{ name: 'Peers: AcademyOcean webhook, trigger vs Webhook + Crypto + If + Respond', target: 'trigger ÷ home-made deliveries/s >= 1.0' },
	{ name: 'Peers: Canvas Live Event, trigger vs Webhook + JWT + If + Respond', target: 'trigger ÷ home-made deliveries/s >= 1.0' },
	{ name: 'Peers: Thought Industries records, node vs HTTP Request', target: 'node ÷ HTTP Request records/s >= 1.0' },
	{ name: 'Peers: AcademyOcean read + write, node vs HTTP Request + OAuth2 API', target: 'node ÷ HTTP Request executions/s >= 1.0' },
	{ name: 'Peers: forged webhook deliveries let through by the trigger', target: 'exactly 0' },
	{ name: 'Peers: forged webhook deliveries let through by the home-made versions', target: 'report' },
];
