# -*- coding: latin-1 -*-
"""Base de données: café."""


def get_db():
	return 'données'
