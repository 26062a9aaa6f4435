"""The service layer shared by the command line and the desktop application."""
