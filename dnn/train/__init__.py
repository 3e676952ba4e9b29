"""Incremental group training of twinrtm's dynamic DNNs in PyTorch (Debian's python3-torch).

The network is built from the same JSON spec the TypeScript side reads (dnn/networks/*.json, resolved
here exactly as dnn/resolveNetwork.ts does), trained one channel group at a time with the earlier groups
frozen, and exported in the engine's weight format (dnn/engine/README.md), as ONNX, and with its
accuracy table. Run it with `twinrtm train` or `/usr/bin/python3 -m dnn.train`; see README.md.
"""
