// n8n-core's logger prints every node error it reports; tests assert on those errors instead.
// Set N8N_LOG_LEVEL=debug to see the engine's logs while debugging a test.
process.env.N8N_LOG_LEVEL ??= 'silent';
