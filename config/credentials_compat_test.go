package config

func init() {
	// No test of this package may reach the IMDS or container endpoint
	// of the machine it runs on; the tests of that part of the chain
	// turn this off and point the providers at fakes.
	skipMachineCredentials = true
}
