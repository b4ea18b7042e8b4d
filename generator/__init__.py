"""OCOP Publisher: turns OCOP catalog records and plan texts into a public static site."""
