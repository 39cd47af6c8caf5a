#!/usr/bin/env python3
# -*- coding: utf-8 -*-
if not __package__:  # run by path (python scripts/load_data.py): make the project's packages importable
    import os
    import sys

    sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

from utils import helpers

if __name__ == "__main__":
    print(helpers.GREETING)
