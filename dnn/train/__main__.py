"""`/usr/bin/python3 -m dnn.train ...`: see cli.py and README.md."""
import sys

PREFIX = 'dnn.train: error: '


def _main():
    for module, package in (('numpy', 'python3-numpy'), ('torch', 'python3-torch')):
        try:
            __import__(module)
        except ImportError as err:
            print(f"{PREFIX}{sys.executable} cannot import {module} ({err}): install Debian's {package}: "
                  f"apt-get install {package}", file=sys.stderr)
            return 3
    from .cli import main
    return main(sys.argv[1:])


if __name__ == '__main__':
    sys.exit(_main())
