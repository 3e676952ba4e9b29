import { describeWorkloadProtocol } from './workloadProtocolSuite.js';

// The PyTorch runner passes the same suite in workloadProtocol.torch.test.ts (npm run test:train).
describeWorkloadProtocol('ts');
describeWorkloadProtocol('onnx');
