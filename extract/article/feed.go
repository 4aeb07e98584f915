package article

func (p *parser) parseFeed(data []byte) error {
	p.fail(0, "feeds not supported yet")
	return nil
}
