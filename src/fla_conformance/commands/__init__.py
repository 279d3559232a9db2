"""Subcommands of ``fla``; see fla_conformance.cli for the protocol they follow."""
