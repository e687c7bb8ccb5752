module github.com/go-testgen/testgen

go 1.26.0

require (
	github.com/aymanbagabas/go-udiff v0.4.2
	github.com/sashabaranov/go-openai v1.43.0
	golang.org/x/sync v0.25.0
	golang.org/x/tools v0.52.0
)

require golang.org/x/mod v0.43.0 // indirect
