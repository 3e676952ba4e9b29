"""The one error class the command turns into a single line and exit code 2."""


class TrainError(Exception):
    """Bad input: a missing or malformed data set, a broken network file, a bad option.

    The message is one line that names the file (or option) and the problem.
    """
