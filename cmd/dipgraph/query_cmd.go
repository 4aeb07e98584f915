package main

import (
	"errors"

	"github.com/spf13/cobra"
)

// TODO(owner of this file): replace this placeholder with the real command.
func newQueryCmd(a *app) *cobra.Command {
	return &cobra.Command{
		Use:    "query",
		Short:  "(not built yet)",
		Hidden: true,
		RunE: func(cmd *cobra.Command, args []string) error {
			return errors.New("query: not built yet")
		},
	}
}
