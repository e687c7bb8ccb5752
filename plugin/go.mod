module github.com/go-testgen/testgen/plugin

go 1.26.0

require (
	github.com/go-testgen/testgen v0.0.0
	github.com/golangci/plugin-module-register v0.1.2
	golang.org/x/tools v0.52.0
)

require (
	github.com/sashabaranov/go-openai v1.43.0 // indirect
	golang.org/x/mod v0.43.0 // indirect
	golang.org/x/sync v0.25.0 // indirect
)

// The plugin is built and tested against the testgen of this working tree.
replace github.com/go-testgen/testgen => ../
