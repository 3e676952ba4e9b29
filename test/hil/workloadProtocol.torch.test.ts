import { describeWorkloadProtocol } from './workloadProtocolSuite.js';

// Needs /usr/bin/python3 with Debian's python3-torch (npm run test:train; .ci/run installs it).
describeWorkloadProtocol('torch', 120_000);
