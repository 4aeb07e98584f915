package article

import "strings"

func looksLikeHTMLText(s string) bool { return strings.Contains(s, "</p>") }

func (p *parser) htmlFragmentText(s string) (string, error) { return normText(s), nil }

func (p *parser) asInputError(line int, err error) *InputError { return inputErr(p.name, line, err) }

func (p *parser) parseHTML(data []byte) error {
	p.fail(0, "HTML not supported yet")
	return nil
}
