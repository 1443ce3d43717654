import fc from 'fast-check';

/**
 * One pinned seed for every fast-check property in the run, so that a run is reproducible and a
 * boundary a property found once is found every time. FC_SEED picks another seed (e.g. to explore);
 * the seed is printed after each file that ran a property, so any failure can be replayed.
 */
export const PROPERTY_SEED = Number(process.env.FC_SEED ?? 20261130);

let propertiesRun = 0;
const recordRun = (details: fc.RunDetails<unknown>) => {
	propertiesRun += 1;
	if (details.failed) throw new Error(fc.defaultReportMessage(details));
};

// fast-check calls `reporter` after every assert, synchronous or not; it must throw on a failure itself.
fc.configureGlobal({ seed: PROPERTY_SEED, reporter: recordRun });

afterAll(() => {
	if (propertiesRun > 0) {
		process.stdout.write(`fast-check: ${propertiesRun} properties ran with seed ${PROPERTY_SEED} (set FC_SEED to change it)\n`);
	}
});
