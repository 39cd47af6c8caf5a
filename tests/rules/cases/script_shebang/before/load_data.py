#!/usr/bin/env python3
# -*- coding: utf-8 -*-
import helpers

if __name__ == "__main__":
    print(helpers.GREETING)
